package io.kin.admin.api.auth;

import io.kin.admin.api.paging.KeysetQuery;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import java.util.List;

/** API keys for scripts and CI: the key is answered once, at creation; only its hash is kept. */
@Path("/api/v1/api-keys")
@Tag(name = "API keys", description = "Keys that scripts send as 'Authorization: Bearer <key>'")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    private static final String COLUMNS = "id, name, role, created_at, last_used_at";
    private static final KeysetQuery<ApiKeyView> PAGES = new KeysetQuery<>("kin_api_key", "id", COLUMNS,
            r -> view(r, null), ApiKeyView::id);

    private final Pool pool;

    ApiKeysResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "List API keys, by id, a page at a time", description = "Never answers the keys themselves.")
    @APIResponse(responseCode = "200", description = "One page of API keys")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Page<ApiKeyView>> list(
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return PAGES.page(pool, limit, cursor);
    }

    @POST
    @Operation(summary = "Create an API key", description = "The answer holds the key: store it now, it is never "
            + "shown again. Also possible without the API: `./kin api-key NAME [admin|viewer]`.")
    @APIResponse(responseCode = "201", description = "Created; the body holds the key")
    @APIResponse(responseCode = "400", description = "Invalid body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull ApiKeyBody body) {
        return create(pool, body.name(), Role.of(body.role()))
                .map(key -> Response.created(UriBuilder.fromPath("/api/v1/api-keys/{id}").build(key.id()))
                        .entity(key).build());
    }

    /** Creates a key; also used by the command line ({@code api-key} command). */
    static Uni<ApiKeyView> create(Pool pool, String name, Role role) {
        String id = Tokens.newId();
        String key = Tokens.newApiKey();
        return pool.preparedQuery("INSERT INTO kin_api_key (id, name, role, key_hash) VALUES ($1, $2, $3, $4) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(id, name, role.id(), Tokens.hash(key)))
                .map(rows -> view(rows.iterator().next(), key));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key", description = "It stops working at once.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such API key",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") String id) {
        return pool.preparedQuery("DELETE FROM kin_api_key WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw ProblemException.notFound("API key", id);
            }
            return Response.noContent().build();
        });
    }

    private static ApiKeyView view(Row r, String key) {
        return new ApiKeyView(r.getString("id"), r.getString("name"), r.getString("role"),
                r.get(OffsetDateTime.class, "created_at"), r.get(OffsetDateTime.class, "last_used_at"), key);
    }
}
