package io.kin.broker.delayed;

import io.kin.broker.message.Message;
import io.kin.broker.message.MessageIds;
import io.kin.broker.routing.MessageDispatcher;
import io.vertx.core.Vertx;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Delayed publish: a message sent to {@code $delayed/{seconds}/{topic}} is published to {@code topic} that many
 * seconds later, as if its publisher had sent it then.
 */
@ApplicationScoped
public class DelayedPublishes {

    private static final Logger LOG = Logger.getLogger(DelayedPublishes.class);
    private static final String PREFIX = "$delayed/";

    /** The parts of a {@code $delayed/...} topic. */
    public record Parsed(long delaySeconds, String topic) {
    }

    /** A message waiting for its time. */
    public record Scheduled(long id, Message message, long dueAt) {
    }

    private final Vertx vertx;
    private final MessageDispatcher dispatcher;
    private final DelayedStore store;
    private final Map<Long, Scheduled> scheduled = new ConcurrentHashMap<>();
    private final Map<Long, Long> timers = new ConcurrentHashMap<>();

    DelayedPublishes(Vertx vertx, MessageDispatcher dispatcher, DelayedStore store) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.store = store;
    }

    /** Re-arms what waited while the broker was down; what fell due meanwhile is published now. */
    void recover(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent ev) throws Exception {
        List<Scheduled> waiting = store.loadAll().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        for (Scheduled s : waiting) {
            scheduled.put(s.id(), s);
            arm(s);
        }
        if (!waiting.isEmpty()) {
            LOG.infof("%d delayed publishes loaded from PostgreSQL", waiting.size());
        }
    }

    /** Parses {@code $delayed/{seconds}/{topic}}; null when the topic does not have that form. */
    public static Parsed parse(String topic) {
        if (!topic.startsWith(PREFIX)) {
            return null;
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash < 0 || slash == PREFIX.length() || slash == topic.length() - 1) {
            return null;
        }
        String seconds = topic.substring(PREFIX.length(), slash);
        if (seconds.length() > 10 || !seconds.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return new Parsed(Long.parseLong(seconds), topic.substring(slash + 1));
    }

    /** Schedules the message; the future completes once it is durable (the publisher is acknowledged then). */
    public Future<Scheduled> schedule(Message message, long delaySeconds) {
        long dueAt = System.currentTimeMillis() + delaySeconds * 1000;
        Scheduled s = new Scheduled(message.id(), message, dueAt);
        return store.saved(s).map(v -> {
            scheduled.put(s.id(), s);
            arm(s);
            LOG.debugf("delayed publish to %s in %d s", message.topic(), delaySeconds);
            return s;
        });
    }

    private void arm(Scheduled s) {
        long delay = Math.max(1, s.dueAt() - System.currentTimeMillis());
        timers.put(s.id(), vertx.setTimer(delay, t -> fire(s.id())));
    }

    private void fire(long id) {
        timers.remove(id);
        Scheduled s = scheduled.remove(id);
        if (s == null) {
            return;
        }
        Message m = s.message();
        long now = System.currentTimeMillis();
        // the message expiry interval counts from when the message is really published
        long expiresAt = m.expiresAt() == 0 ? 0 : now + (m.expiresAt() - m.timestamp());
        dispatcher.publish(new Message(MessageIds.next(), m.topic(), m.payload(), m.qos(), m.retain(), m.properties(),
                m.publisherClientId(), m.publisherUsername(), now, expiresAt))
                // removed only once published durably: a crash in between publishes it again (at least once)
                .compose(routed -> store.removed(id))
                .onFailure(e -> LOG.warnf("delayed publish %d to %s: %s", id, m.topic(), e.toString()));
    }

    /** Waiting messages, soonest first. */
    public List<Scheduled> pending() {
        return scheduled.values().stream().sorted(Comparator.comparingLong(Scheduled::dueAt)).toList();
    }

    public Future<Boolean> cancel(long id) {
        Long timer = timers.remove(id);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        boolean existed = scheduled.remove(id) != null;
        return store.removed(id).map(existed);
    }
}
