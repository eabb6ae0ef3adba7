package io.kin.broker.mqtt.publish;

import io.kin.broker.session.PublisherFlow;
import io.kin.broker.session.SessionConnection;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The publisher's side of QoS 0 back-pressure ({@link PublisherFlow}): while a subscriber it wrote to is not
 * writable, this connection stops reading (so TCP slows its client down); it reads again once every such
 * subscriber is writable again, or after {@code timeoutMillis} at the latest, so a subscriber that stopped reading
 * cannot hold its publishers forever (that subscriber then counts as overfull and its QoS 0 messages are dropped).
 *
 * <p>Threading: {@link #waitFor} runs on the publisher's event loop (the publish is routed there); wake-ups from
 * subscribers arrive on any thread and are moved to that loop, so the state needs no lock.
 */
public final class PublisherPause implements PublisherFlow.Publisher {

    /** Starts and stops reading from the publisher's socket. */
    public interface Reading {
        void pause();

        void resume();
    }

    /** Runs a task on the publisher's event loop after a delay; the returned handle cancels it. */
    public interface Timer {
        Runnable schedule(Runnable task, long delayMillis);
    }

    private final Reading reading;
    private final Executor loop;
    private final Timer timer;
    private final long timeoutMillis;
    private final Set<SessionConnection> waitingOn = Collections.newSetFromMap(new IdentityHashMap<>());
    private Runnable cancelTimeout;
    private long pauses;
    private long timeouts;

    /**
     * @param loop          the publisher's event loop
     * @param timeoutMillis longest pause; 0 turns QoS 0 back-pressure off (nothing ever pauses)
     */
    public PublisherPause(Reading reading, Executor loop, Timer timer, long timeoutMillis) {
        this.reading = reading;
        this.loop = loop;
        this.timer = timer;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void waitFor(SessionConnection subscriber) {
        if (timeoutMillis <= 0 || !waitingOn.add(subscriber)) {
            return;
        }
        if (waitingOn.size() == 1) {
            pauses++;
            reading.pause();
            cancelTimeout = timer.schedule(this::timedOut, timeoutMillis);
        }
        subscriber.whenWritable(() -> loop.execute(() -> caughtUp(subscriber)));
    }

    private void caughtUp(SessionConnection subscriber) {
        if (waitingOn.remove(subscriber) && waitingOn.isEmpty()) {
            Runnable cancel = cancelTimeout;
            cancelTimeout = null;
            if (cancel != null) {
                cancel.run();
            }
            reading.resume();
        }
    }

    private void timedOut() {
        if (waitingOn.isEmpty()) {
            return;
        }
        timeouts++;
        waitingOn.clear();
        cancelTimeout = null;
        reading.resume();
    }

    /** Whether reading is paused for a slow subscriber now. */
    public boolean paused() {
        return !waitingOn.isEmpty();
    }

    /** How often reading was paused, and how many of those pauses ended by the timeout. */
    public long pauses() {
        return pauses;
    }

    public long timeouts() {
        return timeouts;
    }
}
