package io.kin.admin.api.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

/** @param key the key itself: only in the answer to its creation, never again (only its hash is stored) */
@Schema(name = "ApiKey", description = "An API key; the key itself is only answered once, when it is created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(
        @Schema(example = "q3T0bA2z") String id,
        @Schema(example = "ci-deploy-rules") String name,
        @Schema(example = "admin", enumeration = {"admin", "viewer"}) String role,
        OffsetDateTime createdAt,
        OffsetDateTime lastUsedAt,
        @Schema(description = "Only when just created: store it now, it cannot be shown again",
                example = "kin_k_3q2-7wEvhwbLkDBS0lJX1sVhUz7uUGh1vIw9h3RRxQg") String key) {
}
