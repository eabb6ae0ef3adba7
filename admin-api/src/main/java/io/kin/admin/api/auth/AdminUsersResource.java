package io.kin.admin.api.auth;

import jakarta.ws.rs.HeaderParam;
import io.kin.admin.api.revision.IfMatch;
import io.kin.admin.api.paging.KeysetQuery;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.kin.credentials.PasswordHasher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * The people who use the console (and may call the API with their login session). Only admins manage them; the
 * last admin can be neither deleted nor demoted, so the console can never lock everybody out.
 */
@Path("/api/v1/admin-users")
@Tag(name = "Admin users", description = "Who may log in to the console and the API, with which role")
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {

    private static final String COLUMNS = "username, role, created_at, updated_at, xmin::text AS revision";
    private static final KeysetQuery<AdminUserView> PAGES = new KeysetQuery<>("kin_admin_user", "username", COLUMNS,
            r -> view(r), AdminUserView::username);
    private static final IfMatch GUARD = new IfMatch("kin_admin_user", "username", "admin user");
    /** Serialises changes that could remove the last admin. */
    private static final String LOCK = "LOCK TABLE kin_admin_user IN SHARE ROW EXCLUSIVE MODE";

    private final Pool pool;
    private final PasswordHasher hasher = new PasswordHasher();

    AdminUsersResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "List admin users, by name, a page at a time")
    @APIResponse(responseCode = "200", description = "One page of admin users")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Page<AdminUserView>> list(
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return PAGES.page(pool, limit, cursor);
    }

    @GET
    @Path("/{username}")
    @Operation(summary = "Get one admin user")
    @APIResponse(responseCode = "200", description = "The admin user")
    @APIResponse(responseCode = "404", description = "No such admin user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<AdminUserView> get(@PathParam("username") String username) {
        return find(username);
    }

    @POST
    @Operation(summary = "Create an admin user", description = "The password is stored as a PBKDF2 hash.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new admin user")
    @APIResponse(responseCode = "400", description = "Invalid body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "An admin user with this name exists",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull AdminUserBody body) {
        return hashed(body.password())
                .flatMap(hash -> pool.preparedQuery("""
                                INSERT INTO kin_admin_user (username, password_hash, role) VALUES ($1, $2, $3)
                                ON CONFLICT (username) DO NOTHING""")
                        .execute(Tuple.of(body.username(), hash, body.role())))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ProblemException.conflict("an admin user named '" + body.username() + "' exists");
                    }
                    return find(body.username());
                })
                .map(view -> Response.created(UriBuilder.fromPath("/api/v1/admin-users/{u}").build(body.username()))
                        .entity(view).build());
    }

    @PATCH
    @Path("/{username}")
    @Operation(summary = "Change an admin user's role or password", description = "A new password logs the user out "
            + "everywhere. The last admin cannot be made a viewer.")
    @APIResponse(responseCode = "200", description = "The admin user as stored now")
    @APIResponse(responseCode = "400", description = "Invalid body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such admin user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "It is the last admin",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminUserView> change(@PathParam("username") String username,
                                     @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch,
                                     @Valid @NotNull AdminUserChange body) {
        Uni<String> hash = body.password() == null ? Uni.createFrom().nullItem() : hashed(body.password());
        return hash.flatMap(h -> pool.withTransaction(conn -> conn.query(LOCK).execute()
                        .flatMap(x -> GUARD.check(conn, username, ifMatch))
                        .flatMap(x -> "viewer".equals(body.role()) ? keepsAnAdmin(conn, username) : Uni.createFrom().voidItem())
                        .flatMap(x -> conn.preparedQuery("""
                                UPDATE kin_admin_user SET role = coalesce($2, role),
                                password_hash = coalesce($3, password_hash), updated_at = now() WHERE username = $1""")
                                .execute(Tuple.of(username, body.role(), h)))
                        .flatMap(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ProblemException.notFound("admin user", username);
                            }
                            return h == null ? Uni.createFrom().voidItem()
                                    : conn.preparedQuery("DELETE FROM kin_admin_session WHERE username = $1")
                                    .execute(Tuple.of(username)).replaceWithVoid();
                        })))
                .flatMap(v -> find(username));
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Delete an admin user", description = "Its sessions end at once. The last admin cannot be "
            + "deleted.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such admin user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "It is the last admin",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("username") String username, @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return pool.withTransaction(conn -> conn.query(LOCK).execute()
                        .flatMap(x -> GUARD.check(conn, username, ifMatch))
                        .flatMap(x -> keepsAnAdmin(conn, username))
                        .flatMap(x -> conn.preparedQuery("DELETE FROM kin_admin_user WHERE username = $1")
                                .execute(Tuple.of(username)))
                        .map(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ProblemException.notFound("admin user", username);
                            }
                            return Response.noContent().build();
                        }));
    }

    /** Fails when {@code username} is the only admin left. */
    private static Uni<Void> keepsAnAdmin(SqlConnection conn, String username) {
        return conn.preparedQuery("SELECT count(*) FILTER (WHERE username <> $1) AS others, "
                        + "count(*) FILTER (WHERE username = $1) AS self FROM kin_admin_user WHERE role = 'admin'")
                .execute(Tuple.of(username))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getLong("self") > 0 && r.getLong("others") == 0) {
                        throw ProblemException.conflict("'" + username + "' is the last admin; make another admin "
                                + "first");
                    }
                    return null;
                });
    }

    private Uni<String> hashed(String password) {
        return Uni.createFrom().item(() -> {
            char[] chars = password.toCharArray();
            try {
                return hasher.hash(chars);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<AdminUserView> find(String username) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM kin_admin_user WHERE username = $1")
                .execute(Tuple.of(username))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("admin user", username);
                    }
                    return view(rows.iterator().next());
                });
    }

    private static AdminUserView view(Row r) {
        return new AdminUserView(r.getString("username"), r.getString("role"),
                r.get(OffsetDateTime.class, "created_at"), r.get(OffsetDateTime.class, "updated_at"),
                r.getString("revision"));
    }
}
