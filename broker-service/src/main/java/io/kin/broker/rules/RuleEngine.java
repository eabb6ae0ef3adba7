package io.kin.broker.rules;

import io.kin.broker.config.BrokerConfig;
import io.kin.broker.events.BrokerEvent;
import io.kin.broker.events.BrokerEvents;
import io.kin.broker.message.Message;
import io.kin.broker.store.ConfigVersions;
import io.kin.rules.Rule;
import io.kin.rules.RuleDefinition;
import io.kin.rules.action.CompiledAction;
import io.kin.rules.action.RenderedAction;
import io.kin.rules.sql.EventType;
import io.kin.rules.sql.RuleInput;
import io.kin.rules.sql.RuleSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the enabled rules on every message published on this node (each message is evaluated once in the cluster,
 * on the node it entered) and on this node's client events. Rules are loaded from the {@link RuleStore} and reloaded
 * on every node when any node or the admin API changes them.
 *
 * <p>Evaluation runs on the publishing thread: a compiled rule costs microseconds, and its actions never wait
 * (republish routes like any publish; bridges only buffer). A failing evaluation or action is counted and logged at
 * most once per rule every {@link #LOG_EVERY_MILLIS}; it never reaches the publisher.
 */
@ApplicationScoped
public class RuleEngine {

    private static final Logger LOG = Logger.getLogger(RuleEngine.class);
    static final String AREA = ConfigVersions.RULES;
    private static final long LOG_EVERY_MILLIS = 10_000;
    /** Republish chains deeper than this are cut, whatever rules they go through. */
    private static final int MAX_CHAIN = 8;

    private record Running(Rule rule, RuleMetrics metrics, AtomicLong lastLogged) {
    }

    /** The rules in effect: those fed by messages, and those fed by each kind of event. */
    private record Active(List<Running> onMessages, Map<EventType, List<Running>> onEvents) {
        static final Active NONE = new Active(List.of(), Map.of());

        boolean wantsMessageEvents() {
            return onEvents.containsKey(EventType.MESSAGE_DELIVERED) || onEvents.containsKey(EventType.MESSAGE_ACKED)
                    || onEvents.containsKey(EventType.MESSAGE_DROPPED);
        }
    }

    private final RuleStore store;
    private final ConfigVersions versions;
    private final BrokerEvents events;
    private final RuleRepublisher republisher;
    private final BridgeOutlet bridges;
    private final MeterRegistry registry;
    private final String node;
    private final Map<String, RuleMetrics> metrics = new ConcurrentHashMap<>();
    /** Rules whose republish is on this thread's stack: a rule never feeds itself, directly or in a loop. */
    private final ThreadLocal<ArrayDeque<String>> republishing = ThreadLocal.withInitial(ArrayDeque::new);
    private volatile Active active = Active.NONE;
    private enum Listening { NOTHING, CLIENT_EVENTS, CLIENT_AND_MESSAGE_EVENTS }

    private Runnable stopListening = () -> { };
    private Listening listening = Listening.NOTHING;

    RuleEngine(RuleStore store, ConfigVersions versions, BrokerEvents events, RuleRepublisher republisher,
               BridgeOutlet bridges, MeterRegistry registry, BrokerConfig config) {
        this.store = store;
        this.versions = versions;
        this.events = events;
        this.republisher = republisher;
        this.bridges = bridges;
        this.registry = registry;
        this.node = config.node().id();
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 20) StartupEvent ev) throws Exception {
        versions.onChange(AREA, () -> reload().onFailure(e ->
                LOG.warnf("reloading rules failed, the previous ones stay in effect: %s", e.toString())));
        reload().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Loads the rules again; a rule that no longer compiles is left out with a warning, the others run. */
    public Future<Void> reload() {
        long load = loadsStarted.incrementAndGet();
        return store.loadAll().map(definitions -> {
            apply(load, definitions);
            return null;
        });
    }

    /** Loads started, and the newest one applied: a slow load that ends after a newer one must not undo it. */
    private final AtomicLong loadsStarted = new AtomicLong();
    private long loadApplied;

    private synchronized void apply(long load, List<RuleDefinition> definitions) {
        if (load < loadApplied) {
            return;
        }
        loadApplied = load;
        List<Running> onMessages = new ArrayList<>();
        Map<EventType, List<Running>> onEvents = new EnumMap<>(EventType.class);
        Set<String> ids = new HashSet<>();
        int enabled = 0;
        for (RuleDefinition d : definitions) {
            ids.add(d.id());
            if (!d.enabled()) {
                continue;
            }
            Rule rule;
            try {
                rule = Rule.compile(d);
            } catch (RuntimeException e) {
                LOG.warnf("rule %s is left out: %s", d.id(), e.getMessage());
                continue;
            }
            Running running = new Running(rule, metricsOf(d.id()), new AtomicLong());
            boolean onTopics = false;
            for (RuleSource source : rule.sql().sources()) {
                Optional<EventType> event = EventType.fromSource(source.text());
                if (event.isPresent()) {
                    onEvents.computeIfAbsent(event.get(), e -> new ArrayList<>()).add(running);
                } else {
                    onTopics = true;
                }
            }
            if (onTopics) {
                onMessages.add(running);
            }
            enabled++;
        }
        // counters of deleted rules go; those of edited rules stay
        metrics.keySet().removeIf(id -> {
            if (!ids.contains(id)) {
                metrics.get(id).unregister(registry);
                return true;
            }
            return false;
        });
        onEvents.replaceAll((k, v) -> List.copyOf(v));
        Active next = new Active(List.copyOf(onMessages), Map.copyOf(onEvents));
        listenToEvents(next);
        active = next;
        LOG.infof("%d rules in effect (%d stored)", enabled, definitions.size());
    }

    private RuleMetrics metricsOf(String id) {
        return metrics.computeIfAbsent(id, key -> {
            RuleMetrics m = new RuleMetrics();
            m.register(registry, key);
            return m;
        });
    }

    /** Per-message events cost an object per delivery: listen to them only while a rule wants them. */
    private void listenToEvents(Active next) {
        Listening wanted = next.onEvents.isEmpty() ? Listening.NOTHING
                : next.wantsMessageEvents() ? Listening.CLIENT_AND_MESSAGE_EVENTS : Listening.CLIENT_EVENTS;
        if (wanted == listening) {
            return;
        }
        stopListening.run();
        stopListening = switch (wanted) {
            case NOTHING -> () -> { };
            case CLIENT_EVENTS -> events.listen(this::onEvent);
            case CLIENT_AND_MESSAGE_EVENTS -> events.listenIncludingMessages(this::onEvent);
        };
        listening = wanted;
    }

    /** A message published on this node (by a client, a will, a delayed publish, a rule, the admin API). */
    public void onMessage(Message message) {
        List<Running> rules = active.onMessages;
        if (rules.isEmpty()) {
            return;
        }
        RuleInput input = null;
        for (Running r : rules) {
            if (!r.rule.sql().matches(message.topic())) {
                continue;
            }
            if (input == null) {
                input = RuleInputs.message(message, node);
            }
            run(r, input);
        }
    }

    void onEvent(BrokerEvent event) {
        List<Running> rules = active.onEvents.get(RuleInputs.type(event));
        if (rules == null) {
            return;
        }
        RuleInput input = RuleInputs.event(event, node);
        for (Running r : rules) {
            run(r, input);
        }
    }

    private void run(Running r, RuleInput input) {
        ArrayDeque<String> chain = republishing.get();
        if (chain.contains(r.rule.id()) || chain.size() >= MAX_CHAIN) {
            return; // its own republish (or a loop through other rules) does not feed it again
        }
        r.metrics.matched();
        Optional<Map<String, Object>> row;
        try {
            row = r.rule.sql().evaluate(input);
        } catch (RuntimeException e) {
            r.metrics.failed(e.getMessage(), System.currentTimeMillis());
            logSometimes(r, "evaluation failed", e);
            return;
        }
        if (row.isEmpty()) {
            return;
        }
        r.metrics.passed();
        for (CompiledAction action : r.rule.actions()) {
            String failure;
            try {
                failure = execute(r, action.render(row.get()));
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            if (failure == null) {
                r.metrics.actionSucceeded();
            } else {
                r.metrics.actionFailed(failure, System.currentTimeMillis());
                logSometimes(r, "action failed", new IllegalStateException(failure));
            }
        }
    }

    /** @return null when done, else why not */
    private String execute(Running r, RenderedAction action) {
        if (action instanceof RenderedAction.ToBridge b) {
            return bridges.offer(b);
        }
        ArrayDeque<String> chain = republishing.get();
        chain.push(r.rule.id());
        try {
            return republisher.republish((RenderedAction.Republish) action);
        } finally {
            chain.pop();
        }
    }

    private void logSometimes(Running r, String what, Exception e) {
        long now = System.currentTimeMillis();
        long last = r.lastLogged.get();
        if (now - last >= LOG_EVERY_MILLIS && r.lastLogged.compareAndSet(last, now)) {
            LOG.warnf("rule %s: %s: %s (logged at most every %d s; see its failed counter)", r.rule.id(), what,
                    e.getMessage(), LOG_EVERY_MILLIS / 1000);
        }
    }

    /** Counters of every stored rule on this node, by rule id. */
    public Map<String, RuleMetrics.Snapshot> metrics() {
        Map<String, RuleMetrics.Snapshot> out = new java.util.TreeMap<>();
        metrics.forEach((id, m) -> out.put(id, m.snapshot()));
        return out;
    }

    /**
     * The live counters of every stored rule on this node, by rule id. A rule deleted and created again under the
     * same id counts afresh in a new instance (whose figures may happen to equal the old one's).
     */
    public Map<String, RuleMetrics> counters() {
        return Map.copyOf(metrics);
    }
}
