package io.kin.admin.api.nodes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kin.admin.api.config.AdminApiConfig;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker nodes that are up and calls to their internal endpoints ({@code /internal/v1/...}): through the cluster
 * as a Hazelcast client when {@code kin.cluster.members} is set ({@link ClusterClient}), else over HTTP to the nodes
 * with a fresh heartbeat and an internal URL in {@code kin_node} (brokers running without a cluster). Live state is asked of every node and merged; commands go to every
 * node (only the one holding the client acts) or to any one node (publish, retained: the cluster spreads them).
 */
@ApplicationScoped
public class BrokerNodes {

    private static final Logger LOG = Logger.getLogger(BrokerNodes.class);
    static final String TOKEN_HEADER = "X-Kin-Internal-Token";

    /** A node that is up and where to reach it. */
    public record LiveNode(String nodeId, String url) {
    }

    /** One node's answer. */
    public record Reply(LiveNode node, int status, Buffer body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public boolean notFound() {
            return status == 404;
        }

        public String text() {
            return body == null ? "" : body.toString();
        }
    }

    private final Pool pool;
    private final AdminApiConfig config;
    private final ObjectMapper json;
    private final WebClient client;
    private final ClusterClient cluster;

    BrokerNodes(Pool pool, AdminApiConfig config, ObjectMapper json, Vertx vertx, ClusterClient cluster) {
        this.pool = pool;
        this.config = config;
        this.json = json;
        this.cluster = cluster;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.nodes().timeoutMillis()))
                .setUserAgent("kin-admin-api"));
    }

    void stop(@Observes ShutdownEvent ev) {
        client.close();
    }

    /** The nodes that are up now, by node id. */
    public Uni<List<LiveNode>> live() {
        if (cluster.active()) {
            return Uni.createFrom().item(cluster.nodes());
        }
        return pool.preparedQuery("""
                        SELECT node_id, internal_url FROM kin_node
                        WHERE internal_url IS NOT NULL AND last_seen > now() - make_interval(secs => $1)
                        ORDER BY node_id""")
                .execute(Tuple.of((double) config.nodes().liveSeconds()))
                .map(rows -> {
                    List<LiveNode> nodes = new ArrayList<>();
                    for (Row r : rows) {
                        nodes.add(new LiveNode(r.getString("node_id"), r.getString("internal_url")));
                    }
                    return nodes;
                });
    }

    /** One call to one node; a node that does not answer gives status 0. */
    public Uni<Reply> call(LiveNode node, HttpMethod method, String pathAndQuery, Object body) {
        return call(node, method, pathAndQuery, body, config.nodes().timeoutMillis());
    }

    /** One call to one node that may take up to {@code timeoutMillis} (a node's own work that waits on others). */
    public Uni<Reply> call(LiveNode node, HttpMethod method, String pathAndQuery, Object body, long timeoutMillis) {
        if (cluster.active()) {
            return cluster.call(node, method.name(), pathAndQuery, body == null ? null : bytes(body),
                            Duration.ofMillis(timeoutMillis))
                    .map(a -> new Reply(node, a.status(), a.body() == null ? null : Buffer.buffer(a.body())));
        }
        HttpRequest<Buffer> request = client.requestAbs(method, node.url() + pathAndQuery)
                .timeout(timeoutMillis);
        config.internal().token().filter(t -> !t.isBlank()).ifPresent(t -> request.putHeader(TOKEN_HEADER, t));
        io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent;
        if (body == null) {
            sent = request.send();
        } else {
            request.putHeader("Content-Type", "application/json");
            sent = request.sendBuffer(Buffer.buffer(bytes(body)));
        }
        return Uni.createFrom().completionStage(sent::toCompletionStage)
                .map(r -> new Reply(node, r.statusCode(), r.body()))
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("node %s at %s did not answer %s %s: %s", node.nodeId(), node.url(), method,
                            pathAndQuery, e.toString());
                    return new Reply(node, 0, null);
                });
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same call to every node that is up; fails with 503 when no node is up. */
    public Uni<List<Reply>> everyNode(HttpMethod method, String pathAndQuery, Object body) {
        return live().flatMap(nodes -> {
            if (nodes.isEmpty()) {
                return Uni.createFrom().failure(noNodes());
            }
            List<Uni<Reply>> calls = new ArrayList<>();
            for (LiveNode n : nodes) {
                calls.add(call(n, method, pathAndQuery, body));
            }
            return Uni.join().all(calls).andFailFast();
        });
    }

    /**
     * A command for whichever node holds the client (or message): sent to every node, the answer that matters is
     * returned: a success, else a refusal (400), else a failure (a node that failed or did not answer might have
     * held it), else 404 (no node holds it).
     */
    public Uni<Reply> onHolder(HttpMethod method, String pathAndQuery, Object body) {
        return everyNode(method, pathAndQuery, body).map(replies -> {
            Reply best = null;
            for (Reply r : replies) {
                if (best == null || rank(r) < rank(best)) {
                    best = r;
                }
            }
            return best;
        });
    }

    private static int rank(Reply r) {
        if (r.ok()) {
            return 0;
        }
        if (r.status() == 400) {
            return 1;
        }
        return r.notFound() ? 3 : 2;
    }

    /** The call to one node that is up (the first that answers); fails with 503 when none answers. */
    public Uni<Reply> anyNode(HttpMethod method, String pathAndQuery, Object body) {
        return anyNode(method, pathAndQuery, body, config.nodes().timeoutMillis());
    }

    /** {@link #anyNode(HttpMethod, String, Object)} for a call that may take up to {@code timeoutMillis}. */
    public Uni<Reply> anyNode(HttpMethod method, String pathAndQuery, Object body, long timeoutMillis) {
        return live().flatMap(nodes -> tryEach(nodes, 0, method, pathAndQuery, body, timeoutMillis));
    }

    private Uni<Reply> tryEach(List<LiveNode> nodes, int i, HttpMethod method, String path, Object body,
                               long timeoutMillis) {
        if (i >= nodes.size()) {
            return Uni.createFrom().failure(noNodes());
        }
        return call(nodes.get(i), method, path, body, timeoutMillis)
                .flatMap(r -> r.status() == 0 ? tryEach(nodes, i + 1, method, path, body, timeoutMillis)
                        : Uni.createFrom().item(r));
    }

    /**
     * Every node's list merged (nodes that do not answer are left out, and logged); fails with 503 when no node is
     * up or none answers.
     */
    public <T> Uni<List<T>> merged(String pathAndQuery, TypeReference<List<T>> type) {
        return everyNode(HttpMethod.GET, pathAndQuery, null).map(replies -> {
            List<T> all = new ArrayList<>();
            boolean any = false;
            for (Reply r : replies) {
                if (r.ok()) {
                    any = true;
                    all.addAll(read(r, type));
                } else {
                    LOG.warnf("node %s left out of %s: %s", r.node().nodeId(), pathAndQuery,
                            r.status() == 0 ? "no answer" : "HTTP " + r.status());
                }
            }
            if (!any) {
                throw unavailable("no broker node answered");
            }
            return all;
        });
    }

    public <T> T read(Reply reply, TypeReference<T> type) {
        try {
            return json.readValue(reply.body().getBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unexpected answer from node " + reply.node().nodeId(), e);
        }
    }

    public <T> T read(Reply reply, Class<T> type) {
        try {
            return json.readValue(reply.body().getBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unexpected answer from node " + reply.node().nodeId(), e);
        }
    }

    /**
     * The problem for a node's answer that is not a success: 400 passes the node's reason on, anything else is a
     * 502 (the node failed) or 503 (it did not answer).
     */
    public static ProblemException problem(Reply reply, String slug, String title) {
        if (reply.status() == 400) {
            return new ProblemException(Problem.of(400, slug, title, reply.text(), null));
        }
        if (reply.status() == 0) {
            return unavailable("node " + reply.node().nodeId() + " did not answer");
        }
        return new ProblemException(Problem.of(502, "node-failed", "Broker node failed",
                "node " + reply.node().nodeId() + " answered HTTP " + reply.status(), null));
    }

    static ProblemException noNodes() {
        return unavailable("no broker node is up (none in the cluster, or none with a fresh heartbeat in kin_node)");
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(503, "no-broker-node", "No broker node available", detail, null));
    }

    /** URL-encodes a path segment or query value. */
    public static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
