package io.kin.admin.api.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Caller", description = "Who the request's token belongs to")
public record CallerView(
        @Schema(example = "admin") String name,
        @Schema(example = "viewer", enumeration = {"admin", "viewer"}) String role,
        @Schema(example = "user", enumeration = {"user", "api-key"}) String kind) {
}
