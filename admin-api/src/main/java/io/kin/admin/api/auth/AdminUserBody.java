package io.kin.admin.api.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AdminUserNew", description = "A new admin user of the API and console")
public record AdminUserBody(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}/]+", message = "must not contain '/' or control characters")
        @Schema(example = "ops-anna") String username,
        @NotNull @Size(min = 8, max = 200, message = "must be 8 to 200 characters")
        @Schema(example = "correct horse battery staple") String password,
        @NotNull @Pattern(regexp = Role.PATTERN, message = "must be 'admin' or 'viewer'")
        @Schema(example = "viewer", enumeration = {"admin", "viewer"}) String role) {
}
