package io.kin.broker.delayed;

import io.kin.broker.message.Message;
import io.kin.broker.message.MessageIds;
import io.kin.broker.routing.MessageDispatcher;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<Long, Scheduled> scheduled = new ConcurrentHashMap<>();
    private final Map<Long, Long> timers = new ConcurrentHashMap<>();

    DelayedPublishes(Vertx vertx, MessageDispatcher dispatcher) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
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

    public Scheduled schedule(Message message, long delaySeconds) {
        long dueAt = System.currentTimeMillis() + delaySeconds * 1000;
        Scheduled s = new Scheduled(message.id(), message, dueAt);
        scheduled.put(s.id(), s);
        arm(s);
        LOG.debugf("delayed publish to %s in %d s", message.topic(), delaySeconds);
        return s;
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
                m.publisherClientId(), m.publisherUsername(), now, expiresAt));
    }

    /** Waiting messages, soonest first. */
    public List<Scheduled> pending() {
        return scheduled.values().stream().sorted(Comparator.comparingLong(Scheduled::dueAt)).toList();
    }

    public boolean cancel(long id) {
        Long timer = timers.remove(id);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        return scheduled.remove(id) != null;
    }
}
