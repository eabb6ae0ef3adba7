package io.kin.admin.api.auth;

import io.kin.admin.api.revision.Revised;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "AdminUser", description = "An admin user; the password is never answered")
public record AdminUserView(
        @Schema(example = "ops-anna") String username,
        @Schema(example = "viewer", enumeration = {"admin", "viewer"}) String role,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @Schema(description = "Changes with every update; the ETag, to send as If-Match", example = "48213")
        String revision) implements Revised {
}
