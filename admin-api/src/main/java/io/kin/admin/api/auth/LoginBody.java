package io.kin.admin.api.auth;

import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Login", description = "An admin user's credentials")
public record LoginBody(
        @NotBlank @Schema(example = "admin") String username,
        @NotBlank @Schema(example = "correct horse battery staple") String password) {
}
