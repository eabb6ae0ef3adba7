package io.kin.admin.api.autosub;

import jakarta.ws.rs.HeaderParam;
import io.kin.admin.api.revision.IfMatch;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.kin.admin.api.topics.TopicFilters;
import io.smallrye.mutiny.Uni;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Auto-subscriptions: stored in {@code mqtt_auto_subscription}, which every broker node holds in memory and applies
 * right after CONNACK to each client whose id matches; every change bumps the {@code auto_subscriptions} config
 * version in the same transaction, so every node reloads them within a second. The filter is checked as the broker
 * checks a SUBSCRIBE before it is saved: a subscription the broker would refuse is never stored.
 */
@Path("/api/v1/auto-subscriptions")
@Tag(name = "Auto-subscriptions", description = "Subscriptions clients get on connecting, without asking")
@Produces(MediaType.APPLICATION_JSON)
public class AutoSubscriptionsResource {

    private static final String COLUMNS = "id, client_id_pattern, topic_filter, qos, no_local, retain_as_published, "
            + "retain_handling, created_at, xmin::text AS revision";
    private static final IfMatch GUARD = new IfMatch("mqtt_auto_subscription", "id", "auto-subscription");
    private static final String BUMP = """
            INSERT INTO kin_config_version (area, version, changed_at) VALUES ('auto_subscriptions', 1, now())
            ON CONFLICT (area) DO UPDATE SET version = kin_config_version.version + 1, changed_at = now()""";
    private static final String INVALID = "invalid-auto-subscription";
    private static final String INVALID_TITLE = "Invalid auto-subscription";

    static final String NOT_FOUND_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/not-found", "title": "auto-subscription not found", "status": 404,
             "detail": "auto-subscription '3' does not exist"}""";
    static final String CONFLICT_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/conflict", "title": "Conflict", "status": 409,
             "detail": "auto-subscription 3 has the same client id pattern and topic filter: change that one instead"}""";
    static final String INVALID_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/invalid-auto-subscription", "title": "Invalid auto-subscription",
             "status": 400, "detail": "topicFilter: unknown placeholder '${clientId}': only ${clientid} and ${username} are filled in",
             "errors": [{"field": "topicFilter", "message": "unknown placeholder '${clientId}': only ${clientid} and ${username} are filled in"}]}""";
    static final String INVALID_PAGE_EXAMPLE = """
            {"type": "https://kin-mqtt.io/problems/invalid-request", "title": "Invalid request", "status": 400,
             "detail": "limit: must be a whole number from 1 to 1000, not '0'",
             "errors": [{"field": "limit", "message": "must be a whole number from 1 to 1000, not '0'"}]}""";

    private final Pool pool;

    AutoSubscriptionsResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "List auto-subscriptions, oldest first, a page at a time",
            description = "Follow nextCursor until it is null.")
    @APIResponse(responseCode = "200", description = "One page of auto-subscriptions")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "limit", value = INVALID_PAGE_EXAMPLE)))
    public Uni<Page<AutoSubscriptionView>> list(
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        int max = Page.limit(limit);
        long after = afterId(Page.decodeCursor(cursor));
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM mqtt_auto_subscription WHERE id > $1 ORDER BY id "
                        + "LIMIT $2").execute(Tuple.of(after, (long) max + 1))
                .flatMap(page -> pool.query("SELECT count(*) AS n FROM mqtt_auto_subscription").execute()
                        .map(count -> {
                            List<AutoSubscriptionView> subscriptions = new ArrayList<>();
                            for (Row r : page) {
                                subscriptions.add(view(r));
                            }
                            return Page.of(subscriptions, max, count.iterator().next().getLong("n"),
                                    s -> Long.toString(s.id()));
                        }));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one auto-subscription")
    @APIResponse(responseCode = "200", description = "The auto-subscription")
    @APIResponse(responseCode = "404", description = "No such auto-subscription",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    public Uni<AutoSubscriptionView> get(@PathParam("id") long id) {
        return find(id);
    }

    @POST
    @Operation(summary = "Create an auto-subscription", description = "The topic filter is checked as a broker checks "
            + "a SUBSCRIBE; every problem is one field error and nothing is saved. Brokers apply it to clients "
            + "connecting from within a second on; clients already connected are not subscribed.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new auto-subscription")
    @APIResponse(responseCode = "400", description = "Invalid auto-subscription or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = INVALID_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "An auto-subscription with the same client id pattern and topic "
            + "filter exists", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "conflict", value = CONFLICT_EXAMPLE)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull AutoSubscriptionBody body) {
        Checked s = checked(body);
        // the version bump first: it locks the area's row, so two writers cannot both pass the duplicate check
        return pool.withTransaction(conn -> bump(conn)
                        .flatMap(v -> refuseDuplicate(conn, s, 0))
                        .flatMap(v -> conn.preparedQuery("""
                                        INSERT INTO mqtt_auto_subscription (client_id_pattern, topic_filter, qos, no_local,
                                                                            retain_as_published, retain_handling)
                                        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
                                .execute(Tuple.tuple(Arrays.asList(s.clientIdPattern(), s.topicFilter(), s.qos(),
                                        s.noLocal(), s.retainAsPublished(), s.retainHandling())))))
                .map(rows -> rows.iterator().next().getLong("id"))
                .flatMap(id -> find(id).map(view -> Response.created(URI.create("/api/v1/auto-subscriptions/" + id))
                        .entity(view).build()));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace an auto-subscription", description = "Checked like a new one; it keeps its id. "
            + "Clients already connected keep the subscriptions they got.")
    @APIResponse(responseCode = "200", description = "The auto-subscription as stored now")
    @APIResponse(responseCode = "400", description = "Invalid auto-subscription or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = INVALID_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such auto-subscription",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "Another auto-subscription has the same client id pattern and "
            + "topic filter", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "conflict", value = CONFLICT_EXAMPLE)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AutoSubscriptionView> replace(@PathParam("id") long id,
                                             @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch,
                                             @Valid @NotNull AutoSubscriptionBody body) {
        Checked s = checked(body);
        return pool.withTransaction(conn -> GUARD.check(conn, id, ifMatch)
                        .flatMap(v -> bump(conn))
                        .flatMap(v -> refuseDuplicate(conn, s, id))
                        .flatMap(v -> conn.preparedQuery("""
                                        UPDATE mqtt_auto_subscription SET client_id_pattern = $2, topic_filter = $3,
                                        qos = $4, no_local = $5, retain_as_published = $6, retain_handling = $7
                                        WHERE id = $1""")
                                .execute(Tuple.tuple(Arrays.asList(id, s.clientIdPattern(), s.topicFilter(), s.qos(),
                                        s.noLocal(), s.retainAsPublished(), s.retainHandling()))))
                        .map(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ProblemException.notFound("auto-subscription", Long.toString(id));
                            }
                            return rows;
                        }))
                .flatMap(v -> find(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an auto-subscription", description = "Clients connecting from within a second on no "
            + "longer get it; clients already connected keep their subscription.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such auto-subscription",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") long id, @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return pool.withTransaction(conn -> GUARD.check(conn, id, ifMatch)
                        .flatMap(v -> conn.preparedQuery("DELETE FROM mqtt_auto_subscription WHERE id = $1")
                                .execute(Tuple.of(id)))
                        .flatMap(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ProblemException.notFound("auto-subscription", Long.toString(id));
                            }
                            return bump(conn);
                        }))
                .map(v -> Response.noContent().build());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A body that passed every check, with defaults filled in, typed as the table's columns. */
    private record Checked(String clientIdPattern, String topicFilter, short qos, boolean noLocal,
                           boolean retainAsPublished, short retainHandling) {
    }

    private static Checked checked(AutoSubscriptionBody body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String filterProblem = TopicFilters.subscriptionProblem(body.topicFilter());
        if (filterProblem != null) {
            errors.add(new Problem.FieldError("topicFilter", filterProblem, null, null));
        }
        boolean noLocal = Boolean.TRUE.equals(body.noLocal());
        if (noLocal && filterProblem == null && TopicFilters.isShared(body.topicFilter())) {
            // MQTT-3.8.3-4: a protocol error in a SUBSCRIBE, so the broker would not make the subscription
            errors.add(new Problem.FieldError("noLocal", "must not be true for a shared subscription", null, null));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(INVALID, INVALID_TITLE, errors);
        }
        return new Checked(body.clientIdPattern(), body.topicFilter(),
                (short) (body.qos() == null ? 0 : body.qos()), noLocal, Boolean.TRUE.equals(body.retainAsPublished()),
                (short) (body.retainHandling() == null ? 0 : body.retainHandling()));
    }

    /** Refuses a rule like an existing one but {@code self}: the client would be subscribed to the filter twice. */
    private static Uni<Void> refuseDuplicate(SqlConnection conn, Checked s, long self) {
        return conn.preparedQuery("""
                        SELECT id FROM mqtt_auto_subscription WHERE client_id_pattern = $1 AND topic_filter = $2
                        AND id <> $3""")
                .execute(Tuple.of(s.clientIdPattern(), s.topicFilter(), self))
                .map(rows -> {
                    if (rows.size() > 0) {
                        throw ProblemException.conflict("auto-subscription " + rows.iterator().next().getLong("id")
                                + " has the same client id pattern and topic filter: change that one instead");
                    }
                    return null;
                });
    }

    /** The id a cursor names; 0 (before every id) for the first page. */
    private static long afterId(String key) {
        if (key == null) {
            return 0;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw Page.invalidCursor();
        }
    }

    private static Uni<Void> bump(SqlConnection conn) {
        return conn.query(BUMP).execute().replaceWithVoid();
    }

    private Uni<AutoSubscriptionView> find(long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM mqtt_auto_subscription WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("auto-subscription", Long.toString(id));
                    }
                    return view(rows.iterator().next());
                });
    }

    private static AutoSubscriptionView view(Row r) {
        return new AutoSubscriptionView(r.getLong("id"), r.getString("client_id_pattern"), r.getString("topic_filter"),
                r.getShort("qos"), Boolean.TRUE.equals(r.getBoolean("no_local")),
                Boolean.TRUE.equals(r.getBoolean("retain_as_published")), r.getShort("retain_handling"),
                r.get(OffsetDateTime.class, "created_at"), r.getString("revision"));
    }
}
