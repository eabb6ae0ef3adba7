package io.kin.admin.api.bridges;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.HeaderParam;
import io.kin.admin.api.revision.IfMatch;
import io.kin.admin.api.nodes.BrokerNodes;
import io.kin.admin.api.paging.KeysetQuery;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeConfigJson;
import io.kin.rules.bridge.BridgeType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.jboss.logging.Logger;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bridges: stored in {@code kin_bridge}; every change bumps the {@code bridges} config version in the same
 * transaction, so every broker node re-applies its bridges within a second. A bridge is checked exactly as a broker
 * checks it ({@link BridgeConfig#problems()}) before it is saved: a bridge a broker would refuse is never stored.
 * Secrets are stored as sent but never answered: every response masks them.
 */
@Path("/api/v1/bridges")
@Tag(name = "Bridges", description = "Connections to HTTP, Kafka, RabbitMQ and remote MQTT that rule actions send to")
@Produces(MediaType.APPLICATION_JSON)
public class BridgesResource {

    private static final String COLUMNS = "name, type, enabled, config::text AS config, created_at, updated_at, "
            + "xmin::text AS revision";
    private static final KeysetQuery<BridgeView> PAGES = new KeysetQuery<>("kin_bridge", "name", COLUMNS,
            r -> view(r), BridgeView::name);
    private static final IfMatch GUARD = new IfMatch("kin_bridge", "name", "bridge");
    private static final String BUMP = """
            INSERT INTO kin_config_version (area, version, changed_at) VALUES ('bridges', 1, now())
            ON CONFLICT (area) DO UPDATE SET version = kin_config_version.version + 1, changed_at = now()""";
    private static final String INVALID = "invalid-bridge";
    private static final String INVALID_TITLE = "Invalid bridge";
    /** "setting 'url' must be...", "unknown setting 'x' for HTTP bridges...": the setting the problem is about. */
    private static final Pattern SETTING = Pattern.compile("^(?:unknown )?setting '([^']*)'");

    private static final Logger LOG = Logger.getLogger(BridgesResource.class);

    private final Pool pool;
    private final BrokerNodes nodes;

    BridgesResource(Pool pool, BrokerNodes nodes) {
        this.pool = pool;
        this.nodes = nodes;
    }

    @GET
    @Operation(summary = "List bridges, enabled or not, by name, a page at a time",
            description = "Secrets in the settings are masked. Follow nextCursor until it is null.")
    @APIResponse(responseCode = "200", description = "One page of bridges")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Page<BridgeView>> list(
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return PAGES.page(pool, limit, cursor);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Get one bridge", description = "Secrets in the settings are masked. Its ETag header is "
            + "what If-Match takes on a change.")
    @APIResponse(responseCode = "200", description = "The bridge")
    @APIResponse(responseCode = "404", description = "No such bridge",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<BridgeView> get(@PathParam("name") String name) {
        return find(name);
    }

    @POST
    @Operation(summary = "Create a bridge", description = "The configuration is checked as a broker checks it: an "
            + "unknown type, a missing required setting, an unknown (misspelt) setting or a value out of range is "
            + "refused with one field error per problem, and nothing is saved. Brokers connect within a second.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new bridge")
    @APIResponse(responseCode = "400", description = "Invalid bridge or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A bridge with this name exists",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull BridgeBody body) {
        BridgeConfig config = checked(body.name(), body);
        String name = config.name();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO kin_bridge (name, type, enabled, config)
                        VALUES ($1, $2, $3, $4::text::jsonb) ON CONFLICT (name) DO NOTHING""")
                .execute(Tuple.tuple(Arrays.asList(name, config.type().name(), config.enabled(),
                        BridgeConfigJson.toJson(config))))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ProblemException.conflict("a bridge named '" + name + "' exists");
                    }
                    return bump(conn);
                }))
                .flatMap(v -> find(name))
                .map(view -> Response.created(URI.create("/api/v1/bridges/" + name)).entity(view).build());
    }

    @PUT
    @Path("/{name}")
    @Operation(summary = "Replace a bridge", description = "Checked like a new bridge. A secret sent back as it was "
            + "read (masked) keeps its stored value, so a bridge can be read, edited and written back. Brokers "
            + "reconnect within a second; records buffered for the old connection are handed over.")
    @APIResponse(responseCode = "200", description = "The bridge as stored now")
    @APIResponse(responseCode = "400", description = "Invalid bridge or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such bridge",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<BridgeView> replace(@PathParam("name") String name,
                                   @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch,
                                   @Valid @NotNull BridgeBody body) {
        if (body.name() != null && !body.name().equals(name)) {
            throw ProblemException.invalid(INVALID, INVALID_TITLE,
                    List.of(new Problem.FieldError("name", "differs from the name in the path", null, null)));
        }
        BridgeConfig sent = checked(name, body);
        return pool.withTransaction(conn -> GUARD.check(conn, name, ifMatch).flatMap(v -> conn.preparedQuery(
                        "SELECT config::text AS config FROM kin_bridge WHERE name = $1 FOR UPDATE")
                .execute(Tuple.of(name)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("bridge", name);
                    }
                    BridgeConfig config = withStoredSecrets(sent, rows.iterator().next().getString("config"));
                    List<String> problems = config.problems();
                    if (!problems.isEmpty()) {
                        throw invalid(problems);
                    }
                    return conn.preparedQuery("""
                                    UPDATE kin_bridge SET type = $2, enabled = $3, config = $4::text::jsonb,
                                    updated_at = now() WHERE name = $1""")
                            .execute(Tuple.tuple(Arrays.asList(name, config.type().name(), config.enabled(),
                                    BridgeConfigJson.toJson(config))))
                            .flatMap(updated -> bump(conn));
                }))
                .flatMap(v -> find(name));
    }

    @POST
    @Path("/{name}/enable")
    @Operation(summary = "Enable a bridge", description = "Brokers connect within a second.")
    @APIResponse(responseCode = "200", description = "The bridge as stored now")
    @APIResponse(responseCode = "404", description = "No such bridge",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<BridgeView> enable(@PathParam("name") String name,
                                  @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return setEnabled(name, ifMatch, true);
    }

    @POST
    @Path("/{name}/disable")
    @Operation(summary = "Disable a bridge", description = "It stays stored; brokers disconnect, and rule actions "
            + "that name it count as failed until it is enabled again.")
    @APIResponse(responseCode = "200", description = "The bridge as stored now")
    @APIResponse(responseCode = "404", description = "No such bridge",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<BridgeView> disable(@PathParam("name") String name,
                                   @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return setEnabled(name, ifMatch, false);
    }

    private Uni<BridgeView> setEnabled(String name, String ifMatch, boolean enabled) {
        return changed(name, ifMatch, conn -> conn.preparedQuery(
                        "UPDATE kin_bridge SET enabled = $2, updated_at = now() WHERE name = $1")
                .execute(Tuple.of(name, enabled)));
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete a bridge", description = "Brokers close its connection; rule actions that still "
            + "name it count as failed.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such bridge",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "Changed since the If-Match revision was read",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("name") String name, @Parameter(description = IfMatch.DESCRIPTION) @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return pool.withTransaction(conn -> GUARD.check(conn, name, ifMatch)
                        .flatMap(v -> conn.preparedQuery("DELETE FROM kin_bridge WHERE name = $1").execute(Tuple.of(name)))
                        .flatMap(rows -> bump(conn)))
                .map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{name}/status")
    @Operation(summary = "A bridge's live state on every broker node",
            description = "Asks every broker node that is up: its state with the external system (CONNECTING, "
                    + "CONNECTED, DISCONNECTED, DISABLED), records buffered, sent, failed, dropped and retried, and "
                    + "the last error and when; plus a summary for the cluster (the worst state, counters summed, the "
                    + "most recent error). A node that has not applied the bridge yet is left out.")
    @APIResponse(responseCode = "200", description = "The bridge's state")
    @APIResponse(responseCode = "404", description = "No such bridge",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No broker node is up, or none answered",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<BridgeStatusView> status(@PathParam("name") String name) {
        return find(name).flatMap(bridge -> nodes.everyNode(HttpMethod.GET,
                "/internal/v1/bridges/" + BrokerNodes.encode(name), null).map(replies -> {
            List<BridgeNodeStatus> perNode = new ArrayList<>();
            int answered = 0;
            for (BrokerNodes.Reply r : replies) {
                if (r.ok()) {
                    answered++;
                    perNode.add(nodes.read(r, BridgeNodeStatus.class));
                } else if (r.notFound()) {
                    answered++; // up, but has not applied the bridge yet
                } else {
                    LOG.warnf("node %s left out of the status of bridge %s: %s", r.node().nodeId(), name,
                            r.status() == 0 ? "no answer" : "HTTP " + r.status());
                }
            }
            if (answered == 0) {
                throw BrokerNodes.unavailable("no broker node answered");
            }
            perNode.sort(java.util.Comparator.comparing(BridgeNodeStatus::node));
            return summary(bridge, answered, perNode);
        }));
    }

    static BridgeStatusView summary(BridgeView bridge, int nodesUp, List<BridgeNodeStatus> perNode) {
        long buffered = 0;
        long sent = 0;
        long failed = 0;
        long dropped = 0;
        long retries = 0;
        int connected = 0;
        int worst = -1;
        BridgeNodeStatus latestError = null;
        List<String> order = List.of("CONNECTED", "CONNECTING", "DISCONNECTED");
        for (BridgeNodeStatus s : perNode) {
            buffered += s.buffered();
            sent += s.sent();
            failed += s.failed();
            dropped += s.dropped();
            retries += s.retries();
            if ("CONNECTED".equals(s.state())) {
                connected++;
            }
            worst = Math.max(worst, order.indexOf(s.state()));
            if (s.lastErrorAt() != null && (latestError == null || s.lastErrorAt().isAfter(latestError.lastErrorAt()))) {
                latestError = s;
            }
        }
        String state = !bridge.enabled() ? "DISABLED" : worst < 0 ? "PENDING" : order.get(worst);
        return new BridgeStatusView(bridge.name(), bridge.type(), bridge.enabled(), state, nodesUp, connected,
                buffered, sent, failed, dropped, retries, latestError == null ? null : latestError.lastError(),
                latestError == null ? null : latestError.lastErrorAt(),
                latestError == null ? null : latestError.node(), perNode);
    }

    @POST
    @Path("/test")
    @Operation(summary = "Test a bridge configuration without saving it",
            description = "Checked exactly as a new bridge (400 with one field error per problem, as on create); "
                    + "then one broker node that is up connects to the system with it and lets go again — HTTP: a "
                    + "HEAD request to the URL (an answer below 400, or 405, is ok); Kafka: describe the cluster and "
                    + "the topic; RabbitMQ: a connection and a channel, and the exchange must exist; MQTT: CONNECT "
                    + "and DISCONNECT. When a bridge of that name is stored, a secret sent masked as read (\"***\") means the "
                    + "stored one, as on replace. Nothing is stored or sent. A system that cannot be reached is still a 200, with "
                    + "ok false and the error: the test ran, the system failed it. Needs the admin role (it reaches "
                    + "outside).")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = BridgeBody.class),
            examples = @ExampleObject(name = "http", value = "{\"name\": \"webhook\", \"type\": \"HTTP\", "
                    + "\"settings\": {\"url\": \"https://hooks.example/in\", \"timeout-ms\": \"3000\"}}")))
    @APIResponse(responseCode = "200", description = "What the node found: ok, or not ok with the error")
    @APIResponse(responseCode = "400", description = "Invalid bridge or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No broker node is up, or none answered",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<BridgeTestResult> test(@Valid @NotNull BridgeBody body) {
        BridgeConfig sent = checked(body.name(), body);
        // a secret sent back masked, as read, means the stored one (as on replace): an edit form can be tried
        return pool.preparedQuery("SELECT config::text AS config FROM kin_bridge WHERE name = $1")
                .execute(Tuple.of(sent.name()))
                .flatMap(rows -> tryOnANode(rows.size() == 0 ? sent
                        : withStoredSecrets(sent, rows.iterator().next().getString("config"))));
    }

    @POST
    @Path("/{name}/test")
    @Operation(summary = "Test a stored bridge's connection",
            description = "As POST /bridges/test, with the stored configuration and its secrets (enabled or not). "
                    + "Needs the admin role.")
    @APIResponse(responseCode = "200", description = "What the node found: ok, or not ok with the error")
    @APIResponse(responseCode = "404", description = "No such bridge",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No broker node is up, or none answered",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<BridgeTestResult> testStored(@PathParam("name") String name) {
        return pool.preparedQuery("SELECT type, config::text AS config FROM kin_bridge WHERE name = $1")
                .execute(Tuple.of(name))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("bridge", name);
                    }
                    Row r = rows.iterator().next();
                    BridgeConfig config;
                    try {
                        config = BridgeConfigJson.fromJson(name, type(r.getString("type")), true, r.getString("config"));
                    } catch (IllegalArgumentException e) {
                        throw invalid(List.of(e.getMessage()));
                    }
                    List<String> problems = config.problems();
                    if (!problems.isEmpty()) {
                        throw invalid(problems); // written by hand: a broker would not run it either
                    }
                    return tryOnANode(config);
                });
    }

    /** One node that is up connects with the configuration; it may take the system's timeout (twice for Kafka). */
    private Uni<BridgeTestResult> tryOnANode(BridgeConfig config) {
        long timeout = 10_000;
        try {
            timeout = Long.parseLong(config.settings().getOrDefault("timeout-ms", "10000").trim());
        } catch (NumberFormatException ignored) {
            // checked already: the default then
        }
        Map<String, String> request = Map.of("name", config.name(), "type", config.type().name(),
                "config", BridgeConfigJson.toJson(config));
        return nodes.anyNode(HttpMethod.POST, "/internal/v1/bridges/test", request, 2 * timeout + 5_000).map(r -> {
            if (!r.ok()) {
                throw BrokerNodes.problem(r, INVALID, INVALID_TITLE);
            }
            return nodes.read(r, BridgeTestResult.class);
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** The configuration the body describes, checked as a broker checks it; every problem is one field error. */
    static BridgeConfig checked(String name, BridgeBody body) {
        BridgeType type = type(body.type());
        Map<String, String> settings = new HashMap<>();
        if (body.settings() != null) {
            body.settings().forEach((key, value) -> {
                if (value != null) { // as when read back from storage: a null setting is a missing one
                    settings.put(key, value);
                }
            });
        }
        BridgeConfig config = new BridgeConfig(name, type, body.enabled() == null || body.enabled(), settings,
                body.bufferSize() == null ? BridgeConfig.DEFAULT_BUFFER_SIZE : body.bufferSize(),
                body.maxRetries() == null ? BridgeConfig.DEFAULT_MAX_RETRIES : body.maxRetries(),
                body.backoffMillis() == null ? BridgeConfig.DEFAULT_BACKOFF : Duration.ofMillis(body.backoffMillis()),
                body.maxBackoffMillis() == null ? BridgeConfig.DEFAULT_MAX_BACKOFF
                        : Duration.ofMillis(body.maxBackoffMillis()),
                body.maxInflight() == null ? BridgeConfig.DEFAULT_MAX_INFLIGHT : body.maxInflight());
        List<String> problems = new ArrayList<>(config.problems());
        if (type == null && body.type() != null && !body.type().isBlank()) {
            // not missing but unknown: say so instead of "type is required"
            problems.removeIf(p -> p.startsWith("type is required"));
            problems.add("type must be one of " + Arrays.toString(BridgeType.values()).replaceAll("[\\[\\]]", "")
                    + ", not '" + body.type() + "'");
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return config;
    }

    private static BridgeType type(String given) {
        if (given == null) {
            return null;
        }
        for (BridgeType t : BridgeType.values()) {
            if (t.name().equalsIgnoreCase(given.trim())) {
                return t;
            }
        }
        return null;
    }

    private static ProblemException invalid(List<String> problems) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String p : problems) {
            errors.add(new Problem.FieldError(field(p), p, null, null));
        }
        return ProblemException.invalid(INVALID, INVALID_TITLE, errors);
    }

    /** The body field a problem of {@link BridgeConfig#problems()} is about. */
    static String field(String problem) {
        Matcher setting = SETTING.matcher(problem);
        if (setting.find()) {
            return "settings." + setting.group(1);
        }
        String p = problem.toLowerCase(Locale.ROOT);
        if (p.startsWith("name ")) {
            return "name";
        } else if (p.startsWith("type ")) {
            return "type";
        } else if (p.startsWith("buffer size ")) {
            return "bufferSize";
        } else if (p.startsWith("max retries ")) {
            return "maxRetries";
        } else if (p.startsWith("max in-flight ")) {
            return "maxInflight";
        } else if (p.startsWith("max backoff ")) {
            return "maxBackoffMillis";
        } else if (p.startsWith("backoff ")) {
            return "backoffMillis";
        }
        return "settings";
    }

    /**
     * The sent configuration, where a setting sent back exactly as a read masked it (and so differing from what is
     * stored) takes the stored value: reading a bridge and writing it back must not replace its password by "***".
     */
    private static BridgeConfig withStoredSecrets(BridgeConfig sent, String storedJson) {
        BridgeConfig stored;
        try {
            stored = BridgeConfigJson.fromJson(sent.name(), sent.type(), sent.enabled(), storedJson);
        } catch (IllegalArgumentException e) {
            return sent; // written by hand and unreadable: nothing to keep
        }
        Map<String, String> masked = stored.maskedSettings();
        Map<String, String> settings = new HashMap<>(sent.settings());
        sent.settings().forEach((key, value) -> {
            String old = stored.settings().get(key);
            if (old != null && !old.equals(value) && value.equals(masked.get(key))) {
                settings.put(key, old);
            }
        });
        return sent.withSettings(settings);
    }

    /** Checks If-Match on the locked row, applies the update and signals the brokers, in one transaction. */
    private Uni<BridgeView> changed(String name, String ifMatch, Function<SqlConnection, Uni<RowSet<Row>>> update) {
        return pool.withTransaction(conn -> GUARD.check(conn, name, ifMatch)
                .flatMap(v -> update.apply(conn))
                .flatMap(rows -> bump(conn))).flatMap(v -> find(name));
    }

    private static Uni<Void> bump(SqlConnection conn) {
        return conn.query(BUMP).execute().replaceWithVoid();
    }

    private Uni<BridgeView> find(String name) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM kin_bridge WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("bridge", name);
                    }
                    return view(rows.iterator().next());
                });
    }

    /** A stored bridge with its secrets masked; one written by hand with an unreadable config shows the defaults. */
    private static BridgeView view(Row r) {
        String name = r.getString("name");
        boolean enabled = Boolean.TRUE.equals(r.getBoolean("enabled"));
        BridgeConfig config;
        try {
            config = BridgeConfigJson.fromJson(name, type(r.getString("type")), enabled, r.getString("config"));
        } catch (IllegalArgumentException e) {
            config = BridgeConfigJson.fromJson(name, type(r.getString("type")), enabled, null);
        }
        return new BridgeView(name, r.getString("type"), enabled, config.maskedSettings(), config.bufferSize(),
                config.maxRetries(), config.backoff().toMillis(), config.maxBackoff().toMillis(), config.maxInflight(),
                r.get(OffsetDateTime.class, "created_at"), r.get(OffsetDateTime.class, "updated_at"),
                r.getString("revision"));
    }
}
