package io.kin.broker.sys;

import io.kin.broker.config.BrokerConfig;
import io.kin.broker.rules.RuleEngine;
import io.kin.broker.message.Message;
import io.kin.broker.message.MessageIds;
import io.kin.broker.message.MessageProperties;
import io.kin.broker.retain.RetainedMessages;
import io.kin.broker.routing.MessageDispatcher;
import io.kin.broker.routing.TopicTree;
import io.kin.broker.session.Session;
import io.kin.broker.session.SessionRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code $SYS} topic tree, Mosquitto-compatible under {@code $SYS/broker/...} and per node under
 * {@code $SYS/brokers/{node}/...}: retained messages republished every interval, off unless enabled
 * ({@code kin.sys.enabled}).
 */
@ApplicationScoped
public class SysTopics {

    private static final Logger LOG = Logger.getLogger(SysTopics.class);

    private final BrokerConfig config;
    private final Vertx vertx;
    private final BrokerStats stats;
    private final SessionRegistry sessions;
    private final TopicTree topics;
    private final RetainedMessages retained;
    private final MessageDispatcher dispatcher;
    private final LoadAverages load;
    private final NodeFigures nodeFigures;
    private final RuleEngine rules;
    private long timer = -1;

    SysTopics(BrokerConfig config, Vertx vertx, BrokerStats stats, SessionRegistry sessions, TopicTree topics,
              RetainedMessages retained, MessageDispatcher dispatcher, NodeFigures nodeFigures, RuleEngine rules) {
        this.nodeFigures = nodeFigures;
        this.rules = rules;
        this.config = config;
        this.vertx = vertx;
        this.stats = stats;
        this.sessions = sessions;
        this.topics = topics;
        this.retained = retained;
        this.dispatcher = dispatcher;
        this.load = new LoadAverages();
    }

    void start(@Observes StartupEvent ev) {
        if (!config.sys().enabled()) {
            return;
        }
        int interval = Math.max(1, config.sys().interval());
        publishAll();
        timer = vertx.setPeriodic(interval * 1000L, id -> publishAll());
        LOG.infof("$SYS topics published every %d s", interval);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The current figures by topic suffix (after {@code $SYS/broker/}). */
    public Map<String, String> snapshot() {
        long connected = stats.connected();
        int sessionCount = 0;
        long queued = 0;
        for (Session s : sessions.all()) {
            sessionCount++;
            queued += s.queuedCount() + s.inflightCount();
        }
        long disconnected = Math.max(0, sessionCount - connected);
        int retainedCount = retained.count();
        load.sample(stats);

        Map<String, String> v = new LinkedHashMap<>();
        String version = SysTopics.class.getPackage().getImplementationVersion();
        v.put("version", "kin-mqtt " + (version == null ? "dev" : version));
        v.put("uptime", (System.currentTimeMillis() - stats.startedAt()) / 1000 + " seconds");
        v.put("clients/connected", Long.toString(connected));
        v.put("clients/active", Long.toString(connected));
        v.put("clients/disconnected", Long.toString(disconnected));
        v.put("clients/inactive", Long.toString(disconnected));
        v.put("clients/total", Long.toString(connected + disconnected));
        v.put("clients/maximum", Long.toString(stats.maximumConnected()));
        v.put("messages/received", Long.toString(stats.received()));
        v.put("messages/sent", Long.toString(stats.sent()));
        v.put("messages/stored", Long.toString(retainedCount + queued));
        v.put("store/messages/count", Long.toString(retainedCount + queued));
        v.put("publish/messages/received", Long.toString(stats.received()));
        v.put("publish/messages/sent", Long.toString(stats.sent()));
        v.put("publish/messages/dropped", Long.toString(stats.dropped()));
        v.put("bytes/received", Long.toString(stats.receivedBytes()));
        v.put("bytes/sent", Long.toString(stats.sentBytes()));
        v.put("subscriptions/count", Integer.toString(topics.subscriptionCount()));
        v.put("retained messages/count", Integer.toString(retainedCount));
        load.figures().forEach(v::put);
        rules.metrics().forEach((id, m) -> {
            v.put("rules/" + id + "/matched", Long.toString(m.matched()));
            v.put("rules/" + id + "/passed", Long.toString(m.passed()));
            v.put("rules/" + id + "/failed", Long.toString(m.failed()));
            v.put("rules/" + id + "/actions/succeeded", Long.toString(m.actionsSucceeded()));
            v.put("rules/" + id + "/actions/failed", Long.toString(m.actionsFailed()));
        });
        return v;
    }

    private void publishAll() {
        try {
            String node = config.node().id();
            Map<String, String> mine = snapshot();
            Map<String, Map<String, String>> all = nodeFigures.exchange(node, mine);
            // $SYS/broker/... holds the cluster's totals (this node's own figures on a single node)
            for (Map.Entry<String, String> e : totals(mine, all).entrySet()) {
                publish("$SYS/broker/" + e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Map<String, String>> n : all.entrySet()) {
                for (Map.Entry<String, String> e : n.getValue().entrySet()) {
                    publish("$SYS/brokers/" + n.getKey() + "/" + e.getKey(), e.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("publishing $SYS topics failed", e);
        }
    }

    /** Numeric figures summed over the nodes; the others (version, uptime) are this node's. */
    static Map<String, String> totals(Map<String, String> mine, Map<String, Map<String, String>> all) {
        Map<String, String> totals = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : mine.entrySet()) {
            String key = e.getKey();
            if (key.equals("version") || key.equals("uptime")) {
                totals.put(key, e.getValue());
                continue;
            }
            double sum = 0;
            boolean decimal = e.getValue().contains(".");
            for (Map<String, String> f : all.values()) {
                try {
                    sum += Double.parseDouble(f.getOrDefault(key, "0"));
                } catch (NumberFormatException ignored) {
                    // not a number on that node: leave it out of the total
                }
            }
            totals.put(key, decimal ? String.format(java.util.Locale.ROOT, "%.2f", sum) : Long.toString((long) sum));
        }
        return totals;
    }

    private void publish(String topic, String value) {
        dispatcher.publish(new Message(MessageIds.next(), topic, value.getBytes(StandardCharsets.UTF_8), 0, true,
                MessageProperties.NONE, null, null, System.currentTimeMillis(), 0));
    }
}
