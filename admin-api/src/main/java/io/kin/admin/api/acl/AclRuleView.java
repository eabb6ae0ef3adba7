package io.kin.admin.api.acl;

import io.kin.admin.api.revision.Revised;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "AclRule", description = "A stored ACL rule")
public record AclRuleView(
        @Schema(example = "12") long id,
        @Schema(description = "null or \"*\": any user", example = "*") String username,
        @Schema(description = "null or \"*\": any client", example = "*") String clientId,
        @Schema(enumeration = {"PUBLISH", "SUBSCRIBE", "ALL"}, example = "PUBLISH") String action,
        @Schema(example = "devices/${clientid}/#") String topicFilter,
        @Schema(example = "true") boolean allow,
        @Schema(example = "10") int priority,
        OffsetDateTime createdAt,
        @Schema(description = "Changes with every update; the ETag, to send as If-Match", example = "48213")
        String revision) implements Revised {
}
