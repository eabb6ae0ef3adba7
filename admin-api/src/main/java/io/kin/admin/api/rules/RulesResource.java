package io.kin.admin.api.rules;

import io.kin.admin.api.paging.KeysetQuery;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.kin.admin.api.revision.IfMatch;
import io.kin.rules.Rule;
import io.kin.rules.RuleActionsJson;
import io.kin.rules.RuleDefinition;
import io.kin.rules.action.InvalidActionException;
import io.kin.rules.action.RenderedAction;
import io.kin.rules.action.RuleAction;
import io.kin.rules.sql.RuleEvaluationException;
import io.kin.rules.sql.RuleInput;
import io.kin.rules.sql.RuleSqlException;
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
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Rules: stored in {@code kin_rule}; every change bumps the {@code rules} config version in the same transaction, so
 * every broker node reloads its rules within a second. A rule is checked (SQL compiled, actions' templates compiled)
 * before it is saved: a rule that would not run is never stored.
 */
@Path("/api/v1/rules")
@Tag(name = "Rules", description = "SQL rules over messages and client events, and their actions")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    private static final String COLUMNS = "id, name, description, sql, enabled, actions::text AS actions, created_at, "
            + "updated_at, xmin::text AS revision";
    private static final KeysetQuery<RuleView> PAGES = new KeysetQuery<>("kin_rule", "id", COLUMNS,
            r -> view(r), RuleView::id);
    private static final IfMatch GUARD = new IfMatch("kin_rule", "id", "rule");
    private static final String BUMP = """
            INSERT INTO kin_config_version (area, version, changed_at) VALUES ('rules', 1, now())
            ON CONFLICT (area) DO UPDATE SET version = kin_config_version.version + 1, changed_at = now()""";

    private final Pool pool;

    RulesResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "List rules, enabled or not, by id, a page at a time",
            description = "Follow nextCursor until it is null.")
    @APIResponse(responseCode = "200", description = "One page of rules")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Page<RuleView>> list(
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return PAGES.page(pool, limit, cursor);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one rule", description = "Its ETag header is what If-Match takes on a change.")
    @APIResponse(responseCode = "200", description = "The rule")
    @APIResponse(responseCode = "404", description = "No such rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<RuleView> get(@PathParam("id") String id) {
        return find(id);
    }

    @POST
    @Operation(summary = "Create a rule", description = "The SQL and the actions are checked first: a rule with "
            + "invalid SQL (the error gives line and column), an unknown function or an invalid action is not saved.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new rule")
    @APIResponse(responseCode = "400", description = "Invalid rule or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A rule with this id exists",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull RuleBody body) {
        String id = body.id() == null ? "rule-" + UUID.randomUUID().toString().substring(0, 8) : body.id();
        RuleDefinition rule = checked(id, body);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO kin_rule (id, name, description, sql, enabled, actions)
                        VALUES ($1, $2, $3, $4, $5, $6::text::jsonb) ON CONFLICT (id) DO NOTHING""")
                .execute(Tuple.tuple(Arrays.asList(id, rule.name(), rule.description(), rule.sql(), rule.enabled(),
                        RuleActionsJson.write(rule.actions()))))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ProblemException.conflict("a rule with id '" + id + "' exists");
                    }
                    return bump(conn);
                }))
                .flatMap(v -> find(id))
                .map(view -> Response.created(URI.create("/api/v1/rules/" + id)).entity(view).build());
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a rule", description = "Checked like a new rule; its counters are kept.")
    @APIResponse(responseCode = "200", description = "The rule as stored now")
    @APIResponse(responseCode = "400", description = "Invalid rule or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RuleView> replace(@PathParam("id") String id,
                                 @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch,
                                 @Valid @NotNull RuleBody body) {
        if (body.id() != null && !body.id().equals(id)) {
            throw ProblemException.invalid("invalid-rule", "Invalid rule",
                    List.of(new Problem.FieldError("id", "differs from the id in the path", null, null)));
        }
        RuleDefinition rule = checked(id, body);
        return changed(id, ifMatch, conn -> conn.preparedQuery("""
                UPDATE kin_rule SET name = $2, description = $3, sql = $4, enabled = $5, actions = $6::text::jsonb,
                updated_at = now() WHERE id = $1""").execute(Tuple.tuple(Arrays.asList(id, rule.name(),
                rule.description(), rule.sql(), rule.enabled(), RuleActionsJson.write(rule.actions())))));
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Enable a rule")
    @APIResponse(responseCode = "404", description = "No such rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<RuleView> enable(@PathParam("id") String id,
                                @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return setEnabled(id, ifMatch, true);
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Disable a rule", description = "It stays stored and keeps its counters; it stops running.")
    @APIResponse(responseCode = "404", description = "No such rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<RuleView> disable(@PathParam("id") String id,
                                 @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return setEnabled(id, ifMatch, false);
    }

    private Uni<RuleView> setEnabled(String id, String ifMatch, boolean enabled) {
        return changed(id, ifMatch, conn -> conn.preparedQuery(
                "UPDATE kin_rule SET enabled = $2, updated_at = now() WHERE id = $1").execute(Tuple.of(id, enabled)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a rule")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") String id, @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return pool.withTransaction(conn -> GUARD.check(conn, id, ifMatch)
                        .flatMap(v -> conn.preparedQuery("DELETE FROM kin_rule WHERE id = $1").execute(Tuple.of(id)))
                        .flatMap(rows -> bump(conn)))
                .map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/metrics")
    @Operation(summary = "Get a rule's counters", description = "Matched, passed and failed evaluations and "
            + "succeeded and failed actions, summed over the broker nodes and per node, with the most recent error. "
            + "Each node writes its counters every few seconds; a node that never ran the rule is not listed.")
    @APIResponse(responseCode = "200", description = "The rule's counters (all zero when no node has reported)")
    @APIResponse(responseCode = "404", description = "No such rule",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<RuleMetricsView> metrics(@PathParam("id") String id) {
        return pool.preparedQuery("""
                        SELECT m.node_id, m.matched, m.passed, m.failed, m.actions_succeeded, m.actions_failed,
                               m.last_error, m.last_error_at, m.updated_at
                        FROM kin_rule r LEFT JOIN kin_rule_metrics m ON m.rule_id = r.id
                        WHERE r.id = $1 ORDER BY m.node_id""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("rule", id);
                    }
                    RuleMetricsView.Counters totals = RuleMetricsView.Counters.ZERO;
                    List<RuleMetricsView.NodeMetrics> nodes = new ArrayList<>();
                    RuleMetricsView.NodeMetrics latest = null;
                    for (Row r : rows) {
                        if (r.getString("node_id") == null) {
                            continue; // the rule without any counters
                        }
                        RuleMetricsView.NodeMetrics node = new RuleMetricsView.NodeMetrics(r.getString("node_id"),
                                new RuleMetricsView.Counters(r.getLong("matched"), r.getLong("passed"),
                                        r.getLong("failed"), r.getLong("actions_succeeded"),
                                        r.getLong("actions_failed")),
                                r.getString("last_error"), r.get(OffsetDateTime.class, "last_error_at"),
                                r.get(OffsetDateTime.class, "updated_at"));
                        nodes.add(node);
                        totals = totals.plus(node.counters());
                        if (node.lastError() != null
                                && (latest == null || later(node.lastErrorAt(), latest.lastErrorAt()))) {
                            latest = node;
                        }
                    }
                    return new RuleMetricsView(id, totals, latest == null ? null : latest.lastError(),
                            latest == null ? null : latest.lastErrorAt(), latest == null ? null : latest.nodeId(),
                            nodes);
                });
    }

    /** Whether an error at {@code a} is more recent than one at {@code b}; an error without a time is the oldest. */
    private static boolean later(OffsetDateTime a, OffsetDateTime b) {
        return b == null ? a != null : a != null && a.isAfter(b);
    }

    @POST
    @Path("/test")
    @Operation(summary = "Try a rule on a sample message or event",
            description = "Evaluates the SQL against the sample and fills in the actions' templates; nothing is sent "
                    + "and nothing is stored.")
    @APIResponse(responseCode = "200", description = "What the rule would do")
    @APIResponse(responseCode = "400", description = "Invalid rule, or the sample makes evaluation fail",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public RuleTrialResult test(@Valid @NotNull RuleTrialRequest request) {
        Rule rule = compiled(new RuleDefinition("trial", "trial", null, request.sql(), true, request.actions()));
        RuleInput input = RuleInput.of(request.input());
        Object source = input.get("event") != null ? "$events/" + input.get("event") : input.get("topic");
        boolean sourceMatched = source != null && rule.sql().matches(source.toString());
        Rule.Trial trial;
        try {
            trial = rule.trial(input);
        } catch (RuleEvaluationException e) {
            throw ProblemException.invalid("evaluation-failed", "The rule fails on this sample",
                    List.of(new Problem.FieldError("input", e.getMessage(), null, null)));
        }
        List<RuleTrialResult.ActionPreview> previews = new ArrayList<>();
        for (RenderedAction a : trial.actions()) {
            previews.add(preview(a));
        }
        return new RuleTrialResult(sourceMatched, trial.output().isPresent(), trial.output().orElse(null), previews);
    }

    private static RuleTrialResult.ActionPreview preview(RenderedAction action) {
        if (action instanceof RenderedAction.Republish r) {
            return new RuleTrialResult.ActionPreview("republish", null, r.topic(), null, r.payloadText(), null, r.qos(),
                    r.retain());
        }
        RenderedAction.ToBridge b = (RenderedAction.ToBridge) action;
        return new RuleTrialResult.ActionPreview("bridge", b.bridge(), b.target(), b.key(), b.payloadText(),
                b.headers(), b.qos(), b.retain());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static RuleDefinition checked(String id, RuleBody body) {
        RuleDefinition rule = new RuleDefinition(id, body.name(), body.description(), body.sql(),
                body.enabled() == null || body.enabled(), body.actions());
        compiled(rule);
        return rule;
    }

    /** Compiles the rule as a broker would; what does not compile is answered with the position of the problem. */
    private static Rule compiled(RuleDefinition rule) {
        try {
            return Rule.compile(rule);
        } catch (RuleSqlException e) {
            throw ProblemException.invalid("invalid-rule", "Invalid rule",
                    List.of(new Problem.FieldError("sql", e.reason(), e.line(), e.column())));
        } catch (InvalidActionException e) {
            throw ProblemException.invalid("invalid-rule", "Invalid rule",
                    List.of(new Problem.FieldError("actions", e.getMessage(), null, null)));
        }
    }

    /** Checks If-Match on the locked row, applies the update and signals the brokers, in one transaction. */
    private Uni<RuleView> changed(String id, String ifMatch,
                                  java.util.function.Function<SqlConnection, Uni<RowSet<Row>>> update) {
        return pool.withTransaction(conn -> GUARD.check(conn, id, ifMatch)
                .flatMap(v -> update.apply(conn))
                .flatMap(rows -> bump(conn))).flatMap(v -> find(id));
    }

    private static Uni<Void> bump(SqlConnection conn) {
        return conn.query(BUMP).execute().replaceWithVoid();
    }

    private Uni<RuleView> find(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM kin_rule WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("rule", id);
                    }
                    return view(rows.iterator().next());
                });
    }

    private static RuleView view(Row r) {
        List<RuleAction> actions;
        try {
            actions = RuleActionsJson.read(r.getString("actions"));
        } catch (InvalidActionException e) {
            actions = List.of(); // written by hand in the database: shown without actions rather than not at all
        }
        return new RuleView(r.getString("id"), r.getString("name"), r.getString("description"), r.getString("sql"),
                Boolean.TRUE.equals(r.getBoolean("enabled")), actions, r.get(OffsetDateTime.class, "created_at"),
                r.get(OffsetDateTime.class, "updated_at"), r.getString("revision"));
    }

}
