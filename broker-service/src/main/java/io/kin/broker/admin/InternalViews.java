package io.kin.broker.admin;

import io.kin.broker.message.MessageProperties;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the internal endpoints answer with: plain JSON records, so the admin API needs none of the broker's classes. */
public final class InternalViews {

    private InternalViews() {
    }

    /** A client connected to this node. */
    public record ClientView(String clientId, String username, String ipAddress, String node, int protocolVersion,
                             boolean cleanStart, int keepAliveSeconds, String listener, Instant connectedAt,
                             boolean persistent, long sessionExpirySeconds, int subscriptions, int inflight,
                             int queued) {
    }

    /** A client with its subscriptions. */
    public record ClientDetail(ClientView client, List<SubscriptionView> subscriptions) {
    }

    /** A session held by this node, connected or not. */
    public record SessionView(String clientId, String username, String node, boolean connected, boolean persistent,
                              long expiryIntervalSeconds, Instant disconnectedAt, int subscriptions, int inflight,
                              int queued) {
    }

    /** One subscription of one session; {@code filter} is as subscribed, with any {@code $share/group/} prefix. */
    public record SubscriptionView(String clientId, String node, String filter, String shareGroup, int qos,
                                   boolean noLocal, boolean retainAsPublished, int retainHandling) {
    }

    /** A subscription to add for a client. */
    public record SubscribeRequest(String filter, Integer qos, Boolean noLocal, Boolean retainAsPublished,
                                   Integer retainHandling) {
    }

    /**
     * A retained message; {@code payload} is UTF-8 text, or base64 when {@code payloadEncoding} is {@code base64}.
     */
    public record RetainedView(String topic, String payload, String payloadEncoding, int qos,
                               String publisherClientId, Instant createdAt, Instant expiresAt) {
    }

    /** A message to publish; {@code payloadEncoding} {@code plain} (default) or {@code base64}. */
    public record PublishRequest(String topic, String payload, String payloadEncoding, Integer qos, Boolean retain,
                                 Long messageExpirySeconds, String contentType, String responseTopic,
                                 String correlationData, List<MessageProperties.UserProperty> userProperties) {
    }

    public record PublishResult(String node, int routed) {
    }

    /** A delayed publish waiting on this node. */
    public record DelayedView(long id, String node, String topic, String payload, String payloadEncoding, int qos,
                              boolean retain, String publisherClientId, Instant dueAt) {
    }

    /** This node's $SYS figures now, by topic suffix (after {@code $SYS/broker/}). */
    public record StatsView(String node, Map<String, String> figures) {
    }

    /** One bridge's live state on this node: {@code state} CONNECTING, CONNECTED, DISCONNECTED, DISABLED or CLOSED. */
    public record BridgeStatusView(String node, String name, String type, String state, int buffered, int capacity,
                                   long enqueued, long sent, long failed, long dropped, long retries,
                                   String lastError, Instant lastErrorAt, String lastDrop, Instant lastDropAt) {

        static BridgeStatusView of(String node, io.kin.broker.bridge.BridgeStatus s) {
            return new BridgeStatusView(node, s.name(), s.type() == null ? null : s.type().name(), s.state().name(),
                    s.depth(), s.capacity(), s.enqueued(), s.sent(), s.failed(), s.dropped(), s.retried(),
                    s.lastError(), s.lastErrorAt(), s.lastDrop(), s.lastDropAt());
        }
    }

    /** A bridge configuration to try: {@code config} is its JSON as stored in {@code kin_bridge.config}. */
    public record BridgeTestRequest(String name, String type, String config) {
    }

    /** What a test connection found: {@code detail} when it worked, {@code error} when it did not. */
    public record BridgeTestResult(boolean ok, String node, long millis, String detail, String error) {
    }

    /** This node's figures of the last hour, one sample per step, oldest first. */
    public record StatsHistoryView(String node, long stepSeconds, List<Sample> samples) {

        /** The numeric figures at one step of the 10-second grid. */
        public record Sample(Instant at, Map<String, Double> figures) {
        }
    }
}
