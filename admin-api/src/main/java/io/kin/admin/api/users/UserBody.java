package io.kin.admin.api.users;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new MQTT user, as an operator provisions it (POST). */
@Schema(name = "UserBody")
public record UserBody(
        @Schema(description = "The MQTT user name, as clients send it in CONNECT: 1 to 256 characters, no '/' and no "
                + "control characters", example = "sensor-b7-01")
        @NotBlank @Size(max = UserBody.MAX_USERNAME)
        @Pattern(regexp = "[^/\\p{Cntrl}]*", message = "must not contain '/' or control characters") String username,
        @Schema(description = "Stored only as a PBKDF2 hash and SCRAM-SHA-256 keys; never answered",
                example = "correct horse battery staple")
        @NotEmpty @Size(max = UserBody.MAX_PASSWORD) String password,
        @Schema(description = "Superusers pass every ACL check; defaults to false") Boolean superuser) {

    static final int MAX_USERNAME = 256;
    static final int MAX_PASSWORD = 1024;
}
