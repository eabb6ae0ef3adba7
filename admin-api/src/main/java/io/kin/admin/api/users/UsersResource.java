package io.kin.admin.api.users;

import jakarta.ws.rs.HeaderParam;
import io.kin.admin.api.revision.IfMatch;
import io.kin.admin.api.paging.KeysetQuery;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.kin.credentials.StoredPassword;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * MQTT users: stored in {@code mqtt_user}, where every broker node looks them up on CONNECT; every change bumps the
 * {@code users} config version in the same transaction, so nodes drop their cached users and superusers at once.
 * A password is stored exactly as the broker verifies it ({@link StoredPassword}: a PBKDF2 hash for CONNECT
 * passwords, SCRAM-SHA-256 salt and keys for enhanced authentication) and never answered in any form.
 */
@Path("/api/v1/users")
@Tag(name = "Users", description = "MQTT users, their passwords and superuser flags")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    private static final String COLUMNS = "username, superuser, created_at, updated_at, xmin::text AS revision";
    private static final KeysetQuery<UserView> PAGES = new KeysetQuery<>("mqtt_user", "username", COLUMNS,
            r -> view(r), UserView::username);
    private static final IfMatch GUARD = new IfMatch("mqtt_user", "username", "user");
    private static final String BUMP = """
            INSERT INTO kin_config_version (area, version, changed_at) VALUES ('users', 1, now())
            ON CONFLICT (area) DO UPDATE SET version = kin_config_version.version + 1, changed_at = now()""";

    static final String NOT_FOUND_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/not-found", "title": "user not found", "status": 404,
             "detail": "user 'sensor-b7-01' does not exist"}""";
    static final String CONFLICT_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/conflict", "title": "Conflict", "status": 409,
             "detail": "a user named 'sensor-b7-01' exists"}""";
    static final String INVALID_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "password: must not be empty",
             "errors": [{"field": "password", "message": "must not be empty"},
                        {"field": "username", "message": "must not contain '/' or control characters"}]}""";
    static final String INVALID_PAGE_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "limit: must be a whole number from 1 to 1000, not '5000'",
             "errors": [{"field": "limit", "message": "must be a whole number from 1 to 1000, not '5000'"}]}""";

    private final Pool pool;

    UsersResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "List users, by user name, a page at a time",
            description = "Never answers password material. Follow nextCursor until it is null.")
    @APIResponse(responseCode = "200", description = "One page of users")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "limit", value = INVALID_PAGE_EXAMPLE)))
    public Uni<Page<UserView>> list(
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return PAGES.page(pool, limit, cursor);
    }

    @GET
    @Path("/{username}")
    @Operation(summary = "Get one user", description = "Never answers password material.")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "404", description = "No such user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    public Uni<UserView> get(@PathParam("username") String username) {
        return find(username);
    }

    @POST
    @Operation(summary = "Create a user", description = "The password is stored as the brokers verify it: a PBKDF2 "
            + "hash for CONNECT passwords and SCRAM-SHA-256 keys for enhanced authentication. Brokers accept the user "
            + "within a second.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new user")
    @APIResponse(responseCode = "400", description = "Invalid body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = INVALID_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "A user with this name exists",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "conflict", value = CONFLICT_EXAMPLE)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull UserBody body) {
        String username = body.username();
        boolean superuser = Boolean.TRUE.equals(body.superuser());
        return stored(body.password())
                .flatMap(password -> pool.withTransaction(conn -> conn.preparedQuery("""
                                INSERT INTO mqtt_user (username, password_hash, scram_salt, scram_iterations,
                                                       scram_stored_key, scram_server_key, superuser)
                                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING""")
                        .execute(Tuple.tuple(Arrays.asList(username, password.passwordHash(),
                                Buffer.buffer(password.scram().salt()), password.scram().iterations(),
                                Buffer.buffer(password.scram().storedKey()),
                                Buffer.buffer(password.scram().serverKey()), superuser)))
                        .flatMap(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ProblemException.conflict("a user named '" + username + "' exists");
                            }
                            return bump(conn);
                        })))
                .flatMap(v -> find(username))
                .map(view -> Response.created(location(username)).entity(view).build());
    }

    @PUT
    @Path("/{username}/password")
    @Operation(summary = "Set a user's password", description = "Replaces both the PBKDF2 hash and the SCRAM-SHA-256 "
            + "keys. Clients already connected stay connected; the old password is refused from the next CONNECT on "
            + "(within a second).")
    @APIResponse(responseCode = "200", description = "The user as stored now")
    @APIResponse(responseCode = "400", description = "Invalid body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = """
                            {"type": "https://kin-mqtt.io/problems/invalid-request", "title": "Invalid request",
                             "status": 400, "detail": "password: must not be empty",
                             "errors": [{"field": "password", "message": "must not be empty"}]}""")))
    @APIResponse(responseCode = "404", description = "No such user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<UserView> setPassword(@PathParam("username") String username,
                                     @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch,
                                     @Valid @NotNull PasswordBody body) {
        return stored(body.password()).flatMap(password -> changed(username, ifMatch, conn -> conn.preparedQuery("""
                        UPDATE mqtt_user SET password_hash = $2, scram_salt = $3, scram_iterations = $4,
                        scram_stored_key = $5, scram_server_key = $6, updated_at = now() WHERE username = $1""")
                .execute(Tuple.tuple(Arrays.asList(username, password.passwordHash(),
                        Buffer.buffer(password.scram().salt()), password.scram().iterations(),
                        Buffer.buffer(password.scram().storedKey()), Buffer.buffer(password.scram().serverKey()))))));
    }

    @PUT
    @Path("/{username}/superuser")
    @Operation(summary = "Make a user a superuser, or not", description = "Superusers pass every ACL check. Brokers "
            + "apply the change within a second, to connected clients too.")
    @APIResponse(responseCode = "200", description = "The user as stored now")
    @APIResponse(responseCode = "400", description = "Invalid body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = """
                            {"type": "https://kin-mqtt.io/problems/invalid-request", "title": "Invalid request",
                             "status": 400, "detail": "superuser: must not be null",
                             "errors": [{"field": "superuser", "message": "must not be null"}]}""")))
    @APIResponse(responseCode = "404", description = "No such user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<UserView> setSuperuser(@PathParam("username") String username,
                                      @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch,
                                      @Valid @NotNull SuperuserBody body) {
        return changed(username, ifMatch, conn -> conn.preparedQuery(
                        "UPDATE mqtt_user SET superuser = $2, updated_at = now() WHERE username = $1")
                .execute(Tuple.of(username, body.superuser())));
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Delete a user", description = "Clients already connected with it stay connected; brokers "
            + "refuse it from the next CONNECT on (within a second).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("username") String username, @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return pool.withTransaction(conn -> GUARD.check(conn, username, ifMatch)
                        .flatMap(v -> conn.preparedQuery("DELETE FROM mqtt_user WHERE username = $1")
                                .execute(Tuple.of(username)))
                        .flatMap(rows -> bump(conn)))
                .map(v -> Response.noContent().build());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /**
     * The stored form of a password, made on a worker thread: PBKDF2 with 100,000 iterations takes tens of
     * milliseconds of CPU, which must not stall the event loop.
     */
    private static Uni<StoredPassword> stored(String password) {
        return Uni.createFrom().item(() -> {
            char[] chars = password.toCharArray();
            try {
                return StoredPassword.of(chars);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static URI location(String username) {
        return UriBuilder.fromPath("/api/v1/users/{username}").build(username);
    }

    /** Checks If-Match on the locked row, applies the update and signals the brokers, in one transaction. */
    private Uni<UserView> changed(String username, String ifMatch, Function<SqlConnection, Uni<RowSet<Row>>> update) {
        return pool.withTransaction(conn -> GUARD.check(conn, username, ifMatch)
                .flatMap(v -> update.apply(conn))
                .flatMap(rows -> bump(conn))).flatMap(v -> find(username));
    }

    private static Uni<Void> bump(SqlConnection conn) {
        return conn.query(BUMP).execute().replaceWithVoid();
    }

    private Uni<UserView> find(String username) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM mqtt_user WHERE username = $1")
                .execute(Tuple.of(username))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("user", username);
                    }
                    return view(rows.iterator().next());
                });
    }

    private static UserView view(Row r) {
        return new UserView(r.getString("username"), Boolean.TRUE.equals(r.getBoolean("superuser")),
                r.get(OffsetDateTime.class, "created_at"), r.get(OffsetDateTime.class, "updated_at"),
                r.getString("revision"));
    }
}
