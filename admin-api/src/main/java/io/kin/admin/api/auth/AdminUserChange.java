package io.kin.admin.api.auth;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What to change on an admin user; a field left out stays as it is. */
@Schema(name = "AdminUserChange", description = "A new role, a new password, or both")
public record AdminUserChange(
        @Size(min = 8, max = 200, message = "must be 8 to 200 characters")
        @Schema(example = "correct horse battery staple") String password,
        @Pattern(regexp = Role.PATTERN, message = "must be 'admin' or 'viewer'")
        @Schema(example = "admin", enumeration = {"admin", "viewer"}) String role) {
}
