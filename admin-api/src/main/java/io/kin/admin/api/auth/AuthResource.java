package io.kin.admin.api.auth;

import io.kin.admin.api.config.AdminApiConfig;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.kin.credentials.PasswordHasher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Console logins: an admin user's password buys a session token; logging out revokes it. */
@Path("/api/v1/auth")
@Tag(name = "Authentication", description = "Console login sessions, and who a token belongs to")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private static final Logger LOG = Logger.getLogger(AuthResource.class);
    /** Verified when the user does not exist, so a wrong name takes as long as a wrong password. */
    private static final String DUMMY_HASH = new PasswordHasher().hash("no such user".toCharArray());

    private final Pool pool;
    private final LoginThrottle throttle;
    private final PasswordHasher hasher = new PasswordHasher();
    private final Duration sessionLength;

    AuthResource(Pool pool, LoginThrottle throttle, AdminApiConfig config) {
        this.pool = pool;
        this.throttle = throttle;
        this.sessionLength = Duration.ofMinutes(config.auth().sessionMinutes());
    }

    @POST
    @Path("/login")
    @Operation(summary = "Log in as an admin user", description = "Answers a session token to send as "
            + "'Authorization: Bearer <token>' until it expires (kin.auth.session-minutes) or is logged out. After "
            + "repeated failures for a user name, logins for it are refused for a while (429 with Retry-After).")
    @APIResponse(responseCode = "200", description = "Logged in")
    @APIResponse(responseCode = "400", description = "Invalid body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Wrong user name or password",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many failed logins; retry after Retry-After seconds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<LoginResult> login(@Valid @NotNull LoginBody body, @Context HttpServerRequest http) {
        String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        Optional<Duration> wait = throttle.wait(body.username(), address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new ProblemException(Problem.of(429, "too-many-logins", "Too many failed logins",
                    "too many failed logins for '" + body.username() + "' or from this address; retry in " + seconds
                            + " s", null)).withHeader("Retry-After", Long.toString(seconds));
        }
        return pool.preparedQuery("SELECT password_hash, role FROM kin_admin_user WHERE username = $1")
                .execute(Tuple.of(body.username()))
                .flatMap(rows -> {
                    Row user = rows.size() == 0 ? null : rows.iterator().next();
                    String hash = user == null ? DUMMY_HASH : user.getString("password_hash");
                    return verified(body.password(), hash).map(ok -> ok && user != null ? user.getString("role") : null);
                })
                .flatMap(role -> {
                    if (role == null) {
                        throttle.failed(body.username(), address);
                        LOG.warnf("failed admin login for '%s' from %s", body.username(), address);
                        throw new ProblemException(Problem.of(401, "invalid-credentials", "Unauthorized",
                                "wrong user name or password", null));
                    }
                    throttle.succeeded(body.username());
                    String token = Tokens.newSessionToken();
                    OffsetDateTime expires = OffsetDateTime.now().plus(sessionLength);
                    return pool.preparedQuery("DELETE FROM kin_admin_session WHERE expires_at < now()").execute()
                            .flatMap(x -> pool.preparedQuery("""
                                    INSERT INTO kin_admin_session (token_hash, username, expires_at)
                                    VALUES ($1, $2, $3)""")
                                    .execute(Tuple.of(Tokens.hash(token), body.username(), expires)))
                            .map(x -> {
                                LOG.infof("admin user '%s' logged in from %s", body.username(), address);
                                return new LoginResult(token, body.username(), role, expires);
                            });
                });
    }

    @POST
    @Path("/logout")
    @Operation(summary = "Log out", description = "Revokes the session token the request carries; an API key is "
            + "left alone (delete it to revoke it).")
    @APIResponse(responseCode = "204", description = "The session token no longer works")
    public Uni<Response> logout(@Context HttpHeaders headers) {
        String token = headers.getHeaderString(HttpHeaders.AUTHORIZATION).substring(7).trim();
        if (!token.startsWith(Tokens.SESSION_PREFIX)) {
            return Uni.createFrom().item(Response.noContent().build());
        }
        return pool.preparedQuery("DELETE FROM kin_admin_session WHERE token_hash = $1")
                .execute(Tuple.of(Tokens.hash(token)))
                .map(x -> Response.noContent().build());
    }

    @GET
    @Path("/me")
    @Operation(summary = "Who am I", description = "The admin user or API key the request's token belongs to, and "
            + "its role: the console hides edit controls from viewers.")
    @APIResponse(responseCode = "200", description = "The caller")
    public CallerView me(@Context ContainerRequestContext request) {
        Caller caller = Caller.of(request);
        return new CallerView(caller.name(), caller.role().id(), caller.kind());
    }

    /** PBKDF2 takes tens of milliseconds of CPU: on a worker thread, never the event loop. */
    private Uni<Boolean> verified(String password, String hash) {
        return Uni.createFrom().item(() -> hasher.verify(password.toCharArray(), hash))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
