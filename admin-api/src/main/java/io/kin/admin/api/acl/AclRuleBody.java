package io.kin.admin.api.acl;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An ACL rule as written by an operator: create (POST) or replace (PUT). */
@Schema(name = "AclRuleBody")
public record AclRuleBody(
        @Schema(description = "The user name it applies to; left out (or \"*\") for any user", example = "*")
        @Size(min = 1, max = 65535) String username,
        @Schema(description = "The client id it applies to; left out (or \"*\") for any client", example = "*")
        @Size(min = 1, max = 65535) String clientId,
        @Schema(description = "What it is about", enumeration = {"PUBLISH", "SUBSCRIBE", "ALL"}, example = "PUBLISH")
        @NotBlank String action,
        @Schema(description = "A topic filter ('+' and '#' wildcards); ${clientid} and ${username} are filled in "
                + "with the asking client's", example = "devices/${clientid}/#") @NotBlank String topicFilter,
        @Schema(description = "Allow (true) or deny (false)", example = "true") @NotNull Boolean allow,
        @Schema(description = "Among the rules that apply to a request, the highest priority decides, and on a tie a "
                + "deny wins; defaults to 0", example = "10") Integer priority) {
}
