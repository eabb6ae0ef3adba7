package io.kin.broker.mqtt.publish;

import io.kin.broker.session.Delivery;
import io.kin.broker.session.SessionConnection;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/** QoS 0 back-pressure, the publisher's side: reading stops while a subscriber is not writable, and starts again. */
class PublisherPauseTest {

    /** Counts pause/resume calls; {@code paused} is the socket's state. */
    private static final class FakeReading implements PublisherPause.Reading {
        boolean paused;
        int pauses;
        int resumes;

        @Override
        public void pause() {
            paused = true;
            pauses++;
        }

        @Override
        public void resume() {
            paused = false;
            resumes++;
        }
    }

    /** A timer whose tasks run only when the test says so. */
    private static final class ManualTimer implements PublisherPause.Timer {
        final List<Runnable> scheduled = new ArrayList<>();
        int cancelled;

        @Override
        public Runnable schedule(Runnable task, long delayMillis) {
            scheduled.add(task);
            return () -> {
                scheduled.remove(task);
                cancelled++;
            };
        }

        void fireAll() {
            List<Runnable> due = new ArrayList<>(scheduled);
            scheduled.clear();
            due.forEach(Runnable::run);
        }
    }

    /** A subscriber connection that is writable only when the test says so. */
    private static final class FakeSubscriber implements SessionConnection {
        final Queue<Runnable> waiters = new ArrayDeque<>();

        void becomesWritable() {
            for (Runnable r; (r = waiters.poll()) != null; ) {
                r.run();
            }
        }

        @Override
        public void whenWritable(Runnable task) {
            waiters.add(task);
        }

        @Override
        public boolean sendPublish(Delivery delivery, int packetId, boolean dup) {
            return true;
        }

        @Override
        public void sendPubrel(int packetId) {
        }

        @Override
        public boolean isWritable() {
            return waiters.isEmpty();
        }

        @Override
        public boolean isOverfull() {
            return false;
        }

        @Override
        public int inflightWindow() {
            return 10;
        }

        @Override
        public void takenOver(boolean sessionContinues) {
        }
    }

    private final FakeReading reading = new FakeReading();
    private final ManualTimer timer = new ManualTimer();
    private final PublisherPause pause = new PublisherPause(reading, Runnable::run, timer, 1000);

    @Test
    void aPublisherIsPausedWhileASubscriberIsNotWritableAndResumedAfter() {
        FakeSubscriber subscriber = new FakeSubscriber();
        pause.waitFor(subscriber);
        assertThat(reading.paused).isTrue();
        assertThat(pause.paused()).isTrue();

        subscriber.becomesWritable();
        assertThat(reading.paused).isFalse();
        assertThat(pause.paused()).isFalse();
        assertThat(timer.cancelled).as("the timeout is cancelled").isEqualTo(1);
        assertThat(pause.timeouts()).isZero();
    }

    @Test
    void aPublisherWaitsForEverySlowSubscriberBeforeReadingAgain() {
        FakeSubscriber first = new FakeSubscriber();
        FakeSubscriber second = new FakeSubscriber();
        pause.waitFor(first);
        pause.waitFor(second);
        pause.waitFor(first); // a second message to the same slow subscriber changes nothing
        assertThat(reading.pauses).isEqualTo(1);
        assertThat(first.waiters).hasSize(1);

        first.becomesWritable();
        assertThat(reading.paused).as("still waiting for the second").isTrue();
        second.becomesWritable();
        assertThat(reading.paused).isFalse();
        assertThat(reading.resumes).isEqualTo(1);
    }

    @Test
    void aSubscriberThatNeverCatchesUpReleasesItsPublisherAfterTheTimeout() {
        FakeSubscriber stuck = new FakeSubscriber();
        pause.waitFor(stuck);
        timer.fireAll();
        assertThat(reading.paused).isFalse();
        assertThat(pause.timeouts()).isEqualTo(1);

        stuck.becomesWritable(); // late: nothing left to resume
        assertThat(reading.resumes).isEqualTo(1);
    }

    @Test
    void aSubscriberWritableAgainAfterTheTimeoutCanPauseThePublisherAnew() {
        FakeSubscriber slow = new FakeSubscriber();
        pause.waitFor(slow);
        timer.fireAll();
        pause.waitFor(slow);
        assertThat(reading.paused).isTrue();
        slow.becomesWritable(); // wakes both registrations; the first is stale and harmless
        assertThat(reading.paused).isFalse();
        assertThat(reading.pauses).isEqualTo(2);
        assertThat(reading.resumes).isEqualTo(2);
    }

    @Test
    void aZeroTimeoutTurnsBackPressureOff() {
        PublisherPause off = new PublisherPause(reading, Runnable::run, timer, 0);
        FakeSubscriber slow = new FakeSubscriber();
        off.waitFor(slow);
        assertThat(reading.pauses).isZero();
        assertThat(slow.waiters).isEmpty();
    }
}
