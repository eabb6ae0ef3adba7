package io.kin.admin.api.users;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's new password (PUT .../password). */
@Schema(name = "PasswordBody")
public record PasswordBody(
        @Schema(description = "Stored only as a PBKDF2 hash and SCRAM-SHA-256 keys; never answered",
                example = "correct horse battery staple")
        @NotEmpty @Size(max = UserBody.MAX_PASSWORD) String password) {
}
