package io.kin.broker.session;

import io.kin.broker.message.Message;
import io.kin.broker.message.MessageProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * QoS 0 back-pressure, the session's side: a QoS 0 message to a subscriber that is not writable still goes out and
 * pauses its publisher; only beyond the write-buffer bound (overfull) is it dropped, and then counted.
 */
class SessionQos0BackpressureTest {

    /** A connection whose writability and fullness the test sets. */
    private static final class FakeConnection implements SessionConnection {
        boolean writable = true;
        boolean overfull;
        final List<Delivery> sent = new ArrayList<>();

        @Override
        public boolean sendPublish(Delivery delivery, int packetId, boolean dup) {
            sent.add(delivery);
            return true;
        }

        @Override
        public void sendPubrel(int packetId) {
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public boolean isOverfull() {
            return overfull;
        }

        @Override
        public void whenWritable(Runnable task) {
        }

        @Override
        public int inflightWindow() {
            return 10;
        }

        @Override
        public void takenOver(boolean sessionContinues) {
        }
    }

    private final Map<SessionListener.DropReason, Integer> drops = new EnumMap<>(SessionListener.DropReason.class);
    private final SessionListener counting = new SessionListener() {
        @Override
        public void delivered(String clientId, Delivery delivery) {
        }

        @Override
        public void acknowledged(String clientId, Delivery delivery) {
        }

        @Override
        public void dropped(String clientId, Delivery delivery, DropReason reason) {
            drops.merge(reason, 1, Integer::sum);
        }
    };
    private final List<SessionConnection> waitedFor = new ArrayList<>();
    private final FakeConnection connection = new FakeConnection();
    private final Session session = new Session("sub", new Session.Limits(10, 100, Session.Overflow.DROP_OLDEST, 0),
            counting, System::currentTimeMillis);

    private static Delivery qos0() {
        Message m = new Message(1, "t", new byte[]{1}, 0, false, MessageProperties.NONE, "pub", null,
                System.currentTimeMillis(), 0);
        return Delivery.direct(m, 0, false, new int[0]);
    }

    @AfterEach
    void noPublisherLeftOnTheThread() {
        PublisherFlow.done();
    }

    @Test
    void aQos0MessageToAWritableSubscriberPausesNobody() {
        session.attach(connection, null);
        PublisherFlow.publishing(waitedFor::add);
        session.offer(qos0());
        assertThat(connection.sent).hasSize(1);
        assertThat(waitedFor).isEmpty();
    }

    @Test
    void aQos0MessageToANotWritableSubscriberIsSentAndPausesItsPublisher() {
        session.attach(connection, null);
        connection.writable = false;
        PublisherFlow.publishing(waitedFor::add);
        session.offer(qos0());
        assertThat(connection.sent).as("not dropped below the bound").hasSize(1);
        assertThat(waitedFor).containsExactly(connection);
        assertThat(drops).isEmpty();
    }

    @Test
    void aQos0MessageIsDroppedAndCountedOnlyWhenTheSubscriberIsOverfull() {
        session.attach(connection, null);
        connection.writable = false;
        connection.overfull = true;
        PublisherFlow.publishing(waitedFor::add);
        session.offer(qos0());
        session.offer(qos0());
        assertThat(connection.sent).isEmpty();
        assertThat(drops).containsEntry(SessionListener.DropReason.SLOW_CONSUMER, 2);
        assertThat(waitedFor).as("an overfull subscriber holds nobody back").isEmpty();
    }

    @Test
    void aQos0MessageRoutedWithoutAPublisherOnTheThreadPausesNobody() {
        session.attach(connection, null);
        connection.writable = false;
        session.offer(qos0()); // a will, $SYS or a forwarded batch: no publisher to pause
        assertThat(connection.sent).hasSize(1);
        assertThat(waitedFor).isEmpty();
    }
}
