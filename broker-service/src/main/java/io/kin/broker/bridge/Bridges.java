package io.kin.broker.bridge;

import io.kin.broker.config.BrokerConfig;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.HttpSettings;
import io.kin.rules.bridge.InvalidBridgeConfigException;
import io.kin.rules.bridge.KafkaSettings;
import io.kin.rules.bridge.MqttSettings;
import io.kin.rules.bridge.RabbitMqSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridges of this node by name, shared by all rules. Configurations are applied as a whole set at run time:
 * new names are created, changed ones rebuilt, missing ones closed; unchanged bridges keep running untouched.
 * Rules should look a bridge up for each record (or use {@link #send}), since a change replaces the instance.
 */
@ApplicationScoped
public class Bridges {

    private static final Logger LOG = Logger.getLogger(Bridges.class);

    /** What {@link #apply} changed, by bridge name. */
    public record Applied(List<String> created, List<String> rebuilt, List<String> removed, List<String> unchanged) {
    }

    private final Vertx vertx;
    private final MeterRegistry registry;
    private final String nodeId;
    private final long closeTimeoutMillis;
    private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();
    private final Map<String, BridgeMeters> meters = new HashMap<>(); // guarded by this
    private boolean shutDown; // guarded by this

    @Inject
    Bridges(Vertx vertx, MeterRegistry registry, BrokerConfig config) {
        this(vertx, registry, config.node().id(), config.bridge().closeTimeoutMillis());
    }

    /**
     * @param nodeId             makes client ids unique per node (two nodes with one MQTT client id would take each
     *                           other's connection over)
     * @param closeTimeoutMillis how long a closing bridge may keep delivering what it has buffered
     */
    public Bridges(Vertx vertx, MeterRegistry registry, String nodeId, long closeTimeoutMillis) {
        this.vertx = vertx;
        this.registry = registry;
        this.nodeId = nodeId;
        this.closeTimeoutMillis = closeTimeoutMillis;
    }

    public Optional<Bridge> get(String name) {
        return Optional.ofNullable(bridges.get(name));
    }

    /** Sends to the bridge of that name; {@link SendResult#NO_SUCH_BRIDGE} when there is none. Never blocks. */
    public SendResult send(String name, BridgeRecord record) {
        Bridge b = bridges.get(name);
        return b == null ? SendResult.NO_SUCH_BRIDGE : b.send(record);
    }

    public Set<String> names() {
        return Set.copyOf(bridges.keySet());
    }

    public List<BridgeStatus> statuses() {
        List<BridgeStatus> all = new ArrayList<>();
        for (Bridge b : bridges.values()) {
            all.add(b.status());
        }
        all.sort(java.util.Comparator.comparing(BridgeStatus::name));
        return all;
    }

    /**
     * Makes {@code configs} the bridges of this node. Every configuration is validated first: when one is invalid
     * (or a name repeats) nothing changes and the exception lists the problems.
     */
    public synchronized Applied apply(Collection<BridgeConfig> configs) {
        if (shutDown) {
            // a configuration change racing with shutdown: nothing may be started any more
            return new Applied(List.of(), List.of(), List.of(), List.of());
        }
        Map<String, BridgeConfig> wanted = new HashMap<>();
        for (BridgeConfig c : configs) {
            c.validated();
            if (wanted.put(c.name(), c) != null) {
                throw new InvalidBridgeConfigException(c.name(), List.of("the name is used by more than one bridge"));
            }
        }
        List<String> created = new ArrayList<>();
        List<String> rebuilt = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (BridgeConfig c : wanted.values()) {
            Bridge old = bridges.get(c.name());
            if (old == null) {
                install(c, null);
                created.add(c.name());
            } else if (!old.config().equals(c)) {
                install(c, old);
                rebuilt.add(c.name());
            } else {
                unchanged.add(c.name());
            }
        }
        for (String name : new HashSet<>(bridges.keySet())) {
            if (!wanted.containsKey(name)) {
                remove(name);
                removed.add(name);
            }
        }
        Applied applied = new Applied(sorted(created), sorted(rebuilt), sorted(removed), sorted(unchanged));
        if (!created.isEmpty() || !rebuilt.isEmpty() || !removed.isEmpty()) {
            LOG.infof("bridges applied: created %s, rebuilt %s, removed %s", applied.created(), applied.rebuilt(),
                    applied.removed());
        }
        return applied;
    }

    /** Creates or rebuilds one bridge, leaving the others alone. */
    public synchronized void put(BridgeConfig config) {
        config.validated();
        if (shutDown) {
            return;
        }
        Bridge old = bridges.get(config.name());
        if (old == null || !old.config().equals(config)) {
            install(config, old);
        }
    }

    /** Closes and forgets a bridge (and its meters); completes when it is closed. */
    public synchronized Future<Void> remove(String name) {
        Bridge old = bridges.remove(name);
        BridgeMeters m = meters.remove(name);
        if (m != null) {
            m.remove(); // now, not after the close: a bridge of the same name may be added meanwhile
        }
        return old == null ? Future.succeededFuture() : old.close();
    }

    /** Closes every bridge for good (shutdown): later configurations are ignored. */
    public synchronized Future<Void> closeAll() {
        shutDown = true;
        List<Future<Void>> closing = new ArrayList<>();
        for (String name : new ArrayList<>(bridges.keySet())) {
            closing.add(remove(name));
        }
        return Future.join(closing).mapEmpty();
    }

    private void install(BridgeConfig config, Bridge old) {
        BridgeMeters m = meters.computeIfAbsent(config.name(), n -> new BridgeMeters(registry, n));
        if (!config.enabled()) {
            bridges.put(config.name(), new DisabledBridge(config, m));
            if (old != null) {
                old.close();
            }
            return;
        }
        // each bridge on an event loop of its own choosing, not on whichever thread applied the configuration
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        String clientId = "kin-" + nodeId + "-" + config.name();
        BufferedBridge fresh = new BufferedBridge(config, transport(config, clientId), m, vertx, context,
                closeTimeoutMillis);
        bridges.put(config.name(), fresh);
        if (old == null) {
            fresh.start();
        } else {
            // the new bridge buffers until the old one has let go of its connection (a remote MQTT broker would
            // otherwise see one client id twice) and handed over what it had not delivered
            Future<Void> released = old instanceof BufferedBridge ob ? ob.handOver(fresh) : old.close();
            released.onComplete(ar -> fresh.start());
        }
    }

    private BridgeTransport transport(BridgeConfig c, String clientId) {
        return switch (c.type()) {
            case HTTP -> new HttpTransport(vertx, c.settings(HttpSettings::read), c.maxInflight());
            case KAFKA -> new KafkaTransport(vertx, c.settings(KafkaSettings::read), clientId);
            case RABBITMQ -> new RabbitMqTransport(vertx, c.settings(RabbitMqSettings::read), clientId);
            case MQTT -> new MqttTransport(vertx, c.settings(MqttSettings::read), clientId);
        };
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
