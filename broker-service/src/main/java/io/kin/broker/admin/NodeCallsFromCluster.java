package io.kin.broker.admin;

import io.kin.broker.cluster.ClusterMembership;
import io.kin.broker.config.BrokerConfig;
import io.kin.broker.store.NodeRegistration;
import io.kin.nodecalls.NodeCall;
import io.kin.nodecalls.NodeCallHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Lets the admin API reach this node through the cluster: it joins as a Hazelcast client and submits
 * {@link NodeCall}s to this member, which answers them from its own {@code /internal/v1} endpoints over loopback —
 * the same endpoints, token check and answers as the admin API's direct HTTP calls.
 */
@Singleton
public class NodeCallsFromCluster implements NodeCallHandler {

    private static final Logger LOG = Logger.getLogger(NodeCallsFromCluster.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final ClusterMembership membership;
    private final NodeRegistration registration;
    private final BrokerConfig config;
    private final Vertx vertx;
    private WebClient client;

    NodeCallsFromCluster(ClusterMembership membership, NodeRegistration registration, BrokerConfig config,
                         Vertx vertx) {
        this.membership = membership;
        this.registration = registration;
        this.config = config;
        this.vertx = vertx;
    }

    /** After the HTTP server listens, so the first call finds the endpoints. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 500) StartupEvent ev) {
        if (!membership.enabled()) {
            return;
        }
        client = WebClient.create(vertx);
        membership.hazelcast().getUserContext().put(KEY, this);
        LOG.debug("admin calls through the cluster are taken");
    }

    void stop(@Observes ShutdownEvent ev) {
        if (membership.enabled() && membership.hazelcast() != null) {
            membership.hazelcast().getUserContext().remove(KEY);
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    public NodeCall.Answer handle(String method, String pathAndQuery, byte[] body) throws Exception {
        if (!pathAndQuery.startsWith("/internal/v1/")) {
            return new NodeCall.Answer(400, "{\"detail\":\"only /internal/v1/ paths\"}".getBytes());
        }
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(method),
                registration.loopbackUrl() + pathAndQuery).timeout(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        config.internal().token().filter(t -> !t.isBlank())
                .ifPresent(t -> request.putHeader(InternalTokenFilter.HEADER, t));
        io.vertx.core.Future<HttpResponse<Buffer>> sent;
        if (body == null) {
            sent = request.send();
        } else {
            request.putHeader("Content-Type", "application/json");
            sent = request.sendBuffer(Buffer.buffer(body));
        }
        // a Hazelcast executor thread, not an event loop: waiting here is what it is for
        HttpResponse<Buffer> response = sent.toCompletionStage().toCompletableFuture()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return new NodeCall.Answer(response.statusCode(), response.body() == null ? new byte[0]
                : response.body().getBytes());
    }
}
