package io.kin.admin.api.users;

import io.kin.admin.api.revision.Revised;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "User", description = "A stored MQTT user; its password (hash and SCRAM keys) is never answered")
public record UserView(
        @Schema(example = "sensor-b7-01") String username,
        @Schema(example = "false") boolean superuser,
        OffsetDateTime createdAt,
        @Schema(description = "Last change of password or superuser flag") OffsetDateTime updatedAt,
        @Schema(description = "Changes with every update; the ETag, to send as If-Match", example = "48213")
        String revision) implements Revised {
}
