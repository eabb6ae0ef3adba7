package io.kin.admin.api.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ApiKeyNew", description = "A new API key for a script")
public record ApiKeyBody(
        @NotBlank @Size(max = 100) @Schema(example = "ci-deploy-rules") String name,
        @NotNull @Pattern(regexp = Role.PATTERN, message = "must be 'admin' or 'viewer'")
        @Schema(example = "admin", enumeration = {"admin", "viewer"}) String role) {
}
