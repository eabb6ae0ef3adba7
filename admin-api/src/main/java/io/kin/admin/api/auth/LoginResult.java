package io.kin.admin.api.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "LoginResult", description = "A session: send the token as 'Authorization: Bearer <token>'")
public record LoginResult(
        @Schema(example = "kin_s_3q2-7wEvhwbLkDBS0lJX1sVhUz7uUGh1vIw9h3RRxQg") String token,
        @Schema(example = "admin") String username,
        @Schema(example = "admin", enumeration = {"admin", "viewer"}) String role,
        OffsetDateTime expiresAt) {
}
