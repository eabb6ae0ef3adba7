package io.kin.broker.admin;

import io.kin.broker.admin.InternalViews.ClientDetail;
import io.kin.broker.admin.InternalViews.ClientView;
import io.kin.broker.admin.InternalViews.DelayedView;
import io.kin.broker.admin.InternalViews.PublishRequest;
import io.kin.broker.admin.InternalViews.PublishResult;
import io.kin.broker.admin.InternalViews.RetainedView;
import io.kin.broker.admin.InternalViews.SessionView;
import io.kin.broker.admin.InternalViews.StatsView;
import io.kin.broker.admin.InternalViews.SubscribeRequest;
import io.kin.broker.admin.InternalViews.SubscriptionView;
import io.kin.broker.admin.InternalViews.BridgeStatusView;
import io.kin.broker.admin.InternalViews.BridgeTestRequest;
import io.kin.broker.admin.InternalViews.BridgeTestResult;
import io.kin.broker.admin.InternalViews.StatsHistoryView;
import io.kin.broker.bridge.BridgeProbe;
import io.kin.broker.bridge.BridgeStatus;
import io.kin.broker.bridge.Bridges;
import io.kin.broker.config.BrokerConfig;
import io.kin.broker.delayed.DelayedPublishes;
import io.kin.broker.events.BrokerEvent;
import io.kin.broker.events.BrokerEvents;
import io.kin.broker.message.Message;
import io.kin.broker.message.MessageIds;
import io.kin.broker.message.MessageProperties;
import io.kin.broker.mqtt.ClientInfo;
import io.kin.broker.mqtt.MqttConnection;
import io.kin.broker.mqtt.MqttConnections;
import io.kin.broker.retain.RetainedMessages;
import io.kin.broker.routing.InvalidTopicFilterException;
import io.kin.broker.routing.MessageDispatcher;
import io.kin.broker.routing.Subscription;
import io.kin.broker.routing.TopicFilter;
import io.kin.broker.routing.TopicNames;
import io.kin.broker.routing.TopicTree;
import io.kin.broker.session.Delivery;
import io.kin.broker.session.Session;
import io.kin.broker.session.SessionRegistry;
import io.kin.broker.sys.StatsHistory;
import io.kin.broker.sys.StatsSampler;
import io.kin.broker.sys.SysTopics;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeConfigJson;
import io.kin.rules.bridge.BridgeType;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * This node's live state and the operator's commands on it, for the admin API: every command goes through the same
 * services the protocol edge uses, so in-memory state, the store and the rest of the cluster stay in step.
 */
@ApplicationScoped
public class NodeAdmin {

    /** A request the node cannot carry out as asked (400). */
    public static final class InvalidRequest extends RuntimeException {
        public InvalidRequest(String message) {
            super(message);
        }
    }

    private final BrokerConfig config;
    private final MqttConnections connections;
    private final SessionRegistry sessions;
    private final TopicTree topics;
    private final RetainedMessages retained;
    private final MessageDispatcher dispatcher;
    private final DelayedPublishes delayed;
    private final SysTopics sys;
    private final BrokerEvents events;
    private final Bridges bridges;
    private final StatsSampler sampler;
    private final BridgeProbe probe;

    NodeAdmin(BrokerConfig config, MqttConnections connections, SessionRegistry sessions, TopicTree topics,
              RetainedMessages retained, MessageDispatcher dispatcher, DelayedPublishes delayed, SysTopics sys,
              BrokerEvents events, Bridges bridges, StatsSampler sampler, Vertx vertx) {
        this.bridges = bridges;
        this.sampler = sampler;
        this.probe = new BridgeProbe(vertx, config.node().id());
        this.config = config;
        this.connections = connections;
        this.sessions = sessions;
        this.topics = topics;
        this.retained = retained;
        this.dispatcher = dispatcher;
        this.delayed = delayed;
        this.sys = sys;
        this.events = events;
    }

    private String node() {
        return config.node().id();
    }

    // ---- clients ------------------------------------------------------------------------------------------------

    public List<ClientView> clients() {
        List<ClientView> result = new ArrayList<>();
        for (MqttConnection c : connections.all()) {
            ClientView v = view(c);
            if (v != null) {
                result.add(v);
            }
        }
        result.sort(Comparator.comparing(ClientView::clientId));
        return result;
    }

    /** The connected client with its subscriptions, or null when it is not connected here. */
    public ClientDetail client(String clientId) {
        MqttConnection c = connections.connection(clientId);
        ClientView v = c == null ? null : view(c);
        if (v == null) {
            return null;
        }
        Session s = c.session();
        return new ClientDetail(v, s == null ? List.of() : subscriptionsOf(s));
    }

    /** Disconnects the client (MQTT 5 reason 0x98 Administrative action); false when it is not connected here. */
    public boolean kick(String clientId) {
        return connections.kick(clientId);
    }

    private ClientView view(MqttConnection c) {
        ClientInfo info = c.client();
        if (info == null) {
            return null;
        }
        Session s = c.session();
        String ip = null;
        if (c.socket() != null && c.socket().remoteAddress() != null) {
            ip = c.socket().remoteAddress().hostAddress();
            if (ip == null) {
                ip = c.socket().remoteAddress().host();
            }
        }
        return new ClientView(info.clientId(), info.username(), ip, node(), info.protocolVersion(),
                info.cleanStart(), info.keepAliveSeconds(), c.listener() == null ? null : c.listener().name(),
                Instant.ofEpochMilli(info.connectedAt()), s != null && s.isPersistent(), s == null ? 0 : s.expiryIntervalSeconds(),
                s == null ? 0 : s.subscriptions().size(), s == null ? 0 : s.inflightCount(),
                s == null ? 0 : s.queuedCount());
    }

    // ---- sessions -----------------------------------------------------------------------------------------------

    public List<SessionView> sessions() {
        List<SessionView> result = new ArrayList<>();
        for (Session s : sessions.all()) {
            long disconnectedAt = s.disconnectedAt();
            result.add(new SessionView(s.clientId(), s.username(), node(), s.isConnected(), s.isPersistent(),
                    s.expiryIntervalSeconds(), s.isConnected() || disconnectedAt == 0 ? null : Instant.ofEpochMilli(disconnectedAt),
                    s.subscriptions().size(), s.inflightCount(), s.queuedCount()));
        }
        result.sort(Comparator.comparing(SessionView::clientId));
        return result;
    }

    /**
     * Ends the session, whatever its state: a connected client is disconnected first, then its subscriptions, queue
     * and stored copy go. False when this node does not hold it.
     */
    public boolean deleteSession(String clientId) {
        connections.kick(clientId);
        return sessions.discard(clientId);
    }

    // ---- subscriptions ------------------------------------------------------------------------------------------

    public List<SubscriptionView> subscriptions() {
        List<SubscriptionView> result = new ArrayList<>();
        for (Session s : sessions.all()) {
            result.addAll(subscriptionsOf(s));
        }
        result.sort(Comparator.comparing(SubscriptionView::clientId).thenComparing(SubscriptionView::filter));
        return result;
    }

    private List<SubscriptionView> subscriptionsOf(Session s) {
        List<SubscriptionView> result = new ArrayList<>();
        for (Subscription sub : s.subscriptions()) {
            result.add(view(sub));
        }
        result.sort(Comparator.comparing(SubscriptionView::filter));
        return result;
    }

    private SubscriptionView view(Subscription sub) {
        return new SubscriptionView(sub.clientId(), node(), raw(sub), sub.shareGroup(), sub.qos(), sub.noLocal(),
                sub.retainAsPublished(), sub.retainHandling());
    }

    private static String raw(Subscription s) {
        if (s.shareGroup() == null) {
            return s.filter();
        }
        return TopicFilter.QUEUE_GROUP.equals(s.shareGroup()) ? "$queue/" + s.filter()
                : "$share/" + s.shareGroup() + "/" + s.filter();
    }

    /**
     * Subscribes the client's session (held by this node) as if it had sent SUBSCRIBE; retained messages follow the
     * retain handling. Null when this node does not hold the session; the future completes once it is durable.
     */
    public Future<SubscriptionView> subscribe(String clientId, SubscribeRequest request) {
        Session session = sessions.get(clientId);
        if (session == null) {
            return null;
        }
        if (request == null || request.filter() == null) {
            throw new InvalidRequest("filter is required");
        }
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(request.filter());
        } catch (InvalidTopicFilterException e) {
            throw new InvalidRequest(e.getMessage());
        }
        int qos = request.qos() == null ? 0 : request.qos();
        int retainHandling = request.retainHandling() == null ? 0 : request.retainHandling();
        boolean noLocal = Boolean.TRUE.equals(request.noLocal());
        if (qos < 0 || qos > 2) {
            throw new InvalidRequest("qos must be 0, 1 or 2");
        }
        if (retainHandling < 0 || retainHandling > 2) {
            throw new InvalidRequest("retainHandling must be 0, 1 or 2");
        }
        if (filter.isShared() && noLocal) {
            throw new InvalidRequest("noLocal is not allowed on a shared subscription");
        }
        int granted = Math.min(qos, config.mqtt().maxQos());
        Subscription s = new Subscription(clientId, filter.filter(), filter.shareGroup(), granted, noLocal,
                Boolean.TRUE.equals(request.retainAsPublished()), retainHandling, 0);
        boolean existed = topics.subscribe(s);
        return session.putSubscription(filter.raw(), s).map(v -> {
            events.emit(new BrokerEvent.SessionSubscribed(clientId, session.username(), filter.raw(), granted,
                    System.currentTimeMillis()));
            if (!filter.isShared() && (retainHandling == 0 || (retainHandling == 1 && !existed))) {
                for (Message m : retained.match(s.filter())) {
                    session.offer(Delivery.direct(m, Math.min(m.qos(), s.qos()), true, null));
                }
            }
            return view(s);
        });
    }

    /** Removes one subscription (the filter as subscribed); null when this node does not hold the session. */
    public Boolean unsubscribe(String clientId, String rawFilter) {
        Session session = sessions.get(clientId);
        if (session == null) {
            return null;
        }
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(rawFilter);
        } catch (InvalidTopicFilterException e) {
            throw new InvalidRequest(e.getMessage());
        }
        boolean existed = topics.unsubscribe(clientId, filter.filter(), filter.shareGroup());
        existed |= session.removeSubscription(filter.raw()) != null;
        if (existed) {
            events.emit(new BrokerEvent.SessionUnsubscribed(clientId, session.username(), filter.raw(),
                    System.currentTimeMillis()));
        }
        return existed;
    }

    // ---- retained -----------------------------------------------------------------------------------------------

    public List<RetainedView> retained(String filter) {
        String f = filter == null || filter.isBlank() ? "#" : filter;
        if (!TopicNames.isValidFilter(f)) {
            throw new InvalidRequest("'" + f + "' is not a valid topic filter");
        }
        List<RetainedView> result = new ArrayList<>();
        for (Message m : retained.match(f)) {
            result.add(retainedView(m));
        }
        result.sort(Comparator.comparing(RetainedView::topic));
        return result;
    }

    public RetainedView retainedMessage(String topic) {
        Message m = retained.get(topic);
        return m == null ? null : retainedView(m);
    }

    /** Deletes the topic's retained message here, in the store and on every other node; whether there was one. */
    public Future<Boolean> deleteRetained(String topic) {
        return retained.remove(topic);
    }

    private static RetainedView retainedView(Message m) {
        String[] p = payload(m.payload());
        return new RetainedView(m.topic(), p[0], p[1], m.qos(), m.publisherClientId(), Instant.ofEpochMilli(m.timestamp()),
                m.expiresAt() == 0 ? null : Instant.ofEpochMilli(m.expiresAt()));
    }

    // ---- publish ------------------------------------------------------------------------------------------------

    /** Publishes like a client would (retained store, subscribers on every node, rules); how many sessions got it. */
    public Future<PublishResult> publish(PublishRequest request) {
        if (request == null || request.topic() == null) {
            throw new InvalidRequest("topic is required");
        }
        String topic = request.topic();
        if (!TopicNames.isValidTopicName(topic)) {
            throw new InvalidRequest("'" + topic + "' is not a valid topic name (no wildcards, not empty)");
        }
        if (topic.startsWith("$")) {
            throw new InvalidRequest("topics starting with '$' are reserved for the broker");
        }
        int qos = request.qos() == null ? 0 : request.qos();
        if (qos < 0 || qos > 2) {
            throw new InvalidRequest("qos must be 0, 1 or 2");
        }
        byte[] payload;
        String encoding = request.payloadEncoding() == null ? "plain" : request.payloadEncoding();
        if (encoding.equals("base64")) {
            try {
                payload = Base64.getDecoder().decode(request.payload() == null ? "" : request.payload());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest("payload is not valid base64");
            }
        } else if (encoding.equals("plain")) {
            payload = request.payload() == null ? new byte[0] : request.payload().getBytes(StandardCharsets.UTF_8);
        } else {
            throw new InvalidRequest("payloadEncoding must be plain or base64");
        }
        long now = System.currentTimeMillis();
        Long expiry = request.messageExpirySeconds();
        if (expiry != null && expiry < 0) {
            throw new InvalidRequest("messageExpirySeconds must not be negative");
        }
        long expiresAt = expiry == null || expiry == 0 ? 0 : now + expiry * 1000;
        if (request.responseTopic() != null && !TopicNames.isValidTopicName(request.responseTopic())) {
            throw new InvalidRequest("responseTopic '" + request.responseTopic() + "' is not a valid topic name");
        }
        MessageProperties properties = new MessageProperties(null, request.contentType(), request.responseTopic(),
                request.correlationData() == null ? null : request.correlationData().getBytes(StandardCharsets.UTF_8),
                request.userProperties());
        Message message = new Message(MessageIds.next(), topic, payload, Math.min(qos, config.mqtt().maxQos()),
                Boolean.TRUE.equals(request.retain()), properties.isEmpty() ? MessageProperties.NONE : properties,
                null, null, now, expiresAt);
        return dispatcher.publish(message).map(routed -> new PublishResult(node(), routed));
    }

    // ---- delayed ------------------------------------------------------------------------------------------------

    public List<DelayedView> delayed() {
        List<DelayedView> result = new ArrayList<>();
        for (DelayedPublishes.Scheduled s : delayed.pending()) {
            Message m = s.message();
            String[] p = payload(m.payload());
            result.add(new DelayedView(s.id(), node(), m.topic(), p[0], p[1], m.qos(), m.retain(),
                    m.publisherClientId(), Instant.ofEpochMilli(s.dueAt())));
        }
        return result;
    }

    public Future<Boolean> cancelDelayed(long id) {
        return delayed.cancel(id);
    }

    // ---- stats --------------------------------------------------------------------------------------------------

    public StatsView stats() {
        return new StatsView(node(), sys.snapshot());
    }

    /** This node's figures of the last hour, one sample per 10-second step, oldest first. */
    public StatsHistoryView statsHistory() {
        List<StatsHistoryView.Sample> samples = new ArrayList<>();
        for (StatsHistory.Sample s : sampler.history().samples()) {
            samples.add(new StatsHistoryView.Sample(s.at(), s.figures()));
        }
        return new StatsHistoryView(node(), StatsHistory.STEP_MILLIS / 1000, samples);
    }

    // ---- bridges ------------------------------------------------------------------------------------------------

    /** Every bridge of this node with its live state and counters, by name. */
    public List<BridgeStatusView> bridges() {
        List<BridgeStatusView> all = new ArrayList<>();
        for (BridgeStatus s : bridges.statuses()) {
            all.add(BridgeStatusView.of(node(), s));
        }
        return all;
    }

    /** One bridge's state here, or null when this node has no bridge of that name. */
    public BridgeStatusView bridge(String name) {
        return bridges.get(name).map(b -> BridgeStatusView.of(node(), b.status())).orElse(null);
    }

    /** Connects once to the system the configuration names and lets go again: what a test connection found. */
    public Future<BridgeTestResult> testBridge(BridgeTestRequest request) {
        if (request == null || request.name() == null || request.type() == null) {
            throw new InvalidRequest("name and type are required");
        }
        BridgeConfig config;
        try {
            config = BridgeConfigJson.fromJson(request.name(), BridgeType.valueOf(request.type()), true,
                    request.config()).validated();
        } catch (IllegalArgumentException e) { // also InvalidBridgeConfigException
            throw new InvalidRequest(e.getMessage());
        }
        return probe.test(config).map(o -> new BridgeTestResult(o.ok(), node(), o.millis(), o.detail(), o.error()));
    }

    /** The payload as UTF-8 text when it is valid UTF-8, else base64: {text, encoding}. */
    static String[] payload(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return new String[]{text, "plain"};
        } catch (CharacterCodingException e) {
            return new String[]{Base64.getEncoder().encodeToString(bytes), "base64"};
        }
    }
}
