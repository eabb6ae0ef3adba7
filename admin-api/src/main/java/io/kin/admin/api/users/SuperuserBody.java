package io.kin.admin.api.users;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whether a user is a superuser (PUT .../superuser). */
@Schema(name = "SuperuserBody")
public record SuperuserBody(
        @Schema(description = "Superusers pass every ACL check", example = "true") @NotNull Boolean superuser) {
}
