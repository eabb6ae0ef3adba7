package io.kin.broker.session;

import io.kin.broker.message.Message;
import io.kin.broker.message.MessageProperties;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session's side of a reconnect [MQTT-4.4.0-1] [MQTT-3.3.4-9]: what was in flight is resent, but only as much as
 * the new connection's window takes; the rest follows in order as acknowledgements free slots. The end-to-end proof
 * is {@code FlowControlTests#smallerReceiveMaximumOnReconnectBoundsTheResend}.
 */
class SessionReattachTest {

    /** What the session wrote to a connection, in order: "PUBLISH id payload [DUP]" or "PUBREL id". */
    private static final class RecordingConnection implements SessionConnection {
        final int window;
        final List<String> written = new ArrayList<>();

        RecordingConnection(int window) {
            this.window = window;
        }

        @Override
        public boolean sendPublish(Delivery delivery, int packetId, boolean dup) {
            written.add("PUBLISH " + packetId + " " + new String(delivery.message().payload()) + (dup ? " DUP" : ""));
            return true;
        }

        @Override
        public void sendPubrel(int packetId) {
            written.add("PUBREL " + packetId);
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public boolean isOverfull() {
            return false;
        }

        @Override
        public void whenWritable(Runnable task) {
            task.run();
        }

        @Override
        public int inflightWindow() {
            return window;
        }

        @Override
        public void takenOver(boolean sessionContinues) {
        }
    }

    private final List<String> dropped = new ArrayList<>();
    private final SessionListener listener = new SessionListener() {
        @Override
        public void delivered(String clientId, Delivery delivery) {
        }

        @Override
        public void acknowledged(String clientId, Delivery delivery) {
        }

        @Override
        public void dropped(String clientId, Delivery delivery, DropReason reason) {
            dropped.add(new String(delivery.message().payload()) + " " + reason);
        }
    };
    private long now = 1_000_000;

    private Session session(int maxQueued) {
        return new Session("sub", new Session.Limits(100, maxQueued, Session.Overflow.DROP_OLDEST, 0), listener,
                () -> now);
    }

    private Delivery message(String payload, int qos, long expiresAt) {
        Message m = new Message(payload.hashCode(), "t", payload.getBytes(), qos, false, MessageProperties.NONE,
                "pub", null, now, expiresAt);
        return Delivery.direct(m, qos, false, new int[0]);
    }

    @Test
    void aSmallerWindowOnReconnectResendsOnlyWhatFitsAndTheRestAsSlotsFree() {
        Session s = session(100);
        RecordingConnection first = new RecordingConnection(10);
        s.attach(first, null);
        for (int i = 1; i <= 5; i++) {
            s.offer(message("m" + i, 1, 0));
        }
        assertThat(first.written).hasSize(5);
        s.detach(first);

        RecordingConnection second = new RecordingConnection(2);
        s.attach(second, null);
        assertThat(second.written).containsExactly("PUBLISH 1 m1 DUP", "PUBLISH 2 m2 DUP");
        assertThat(s.inflightCount()).isEqualTo(2);

        s.puback(1);
        assertThat(second.written).containsExactly("PUBLISH 1 m1 DUP", "PUBLISH 2 m2 DUP", "PUBLISH 3 m3 DUP");
        s.puback(2);
        s.puback(3);
        s.puback(4);
        assertThat(second.written).endsWith("PUBLISH 4 m4 DUP", "PUBLISH 5 m5 DUP");
        s.offer(message("m6", 1, 0));
        assertThat(second.written).as("a new message is not a resend").endsWith("PUBLISH 6 m6");
    }

    @Test
    void aReceivedQos2MessageThatWaitsForItsSlotGetsItsPubrelThen() {
        Session s = session(100);
        RecordingConnection first = new RecordingConnection(10);
        s.attach(first, null);
        s.offer(message("a", 2, 0));
        s.offer(message("b", 2, 0));
        s.pubrec(2, false); // "b" received by the client: only the PUBREL is left to send
        s.detach(first);

        RecordingConnection second = new RecordingConnection(1);
        s.attach(second, null);
        assertThat(second.written).containsExactly("PUBLISH 1 a DUP");
        s.pubrec(1, false);
        s.pubcomp(1);
        assertThat(second.written).containsExactly("PUBLISH 1 a DUP", "PUBREL 1", "PUBREL 2");
    }

    @Test
    void aMessageWaitingForItsSlotIsResentEvenPastItsExpiry() {
        Session s = session(100);
        RecordingConnection first = new RecordingConnection(10);
        s.attach(first, null);
        s.offer(message("keep", 1, 0));
        s.offer(message("started", 1, now + 1_000));
        s.detach(first);
        now += 5_000; // "started" expired after its delivery had started

        RecordingConnection second = new RecordingConnection(1);
        s.attach(second, null);
        s.puback(1);
        assertThat(second.written).containsExactly("PUBLISH 1 keep DUP", "PUBLISH 2 started DUP");
        assertThat(dropped).isEmpty();
    }

    @Test
    void anEndingSessionHandsOnOnlyWhatItsClientHasNotReceived() {
        Session s = session(100);
        RecordingConnection c = new RecordingConnection(10);
        s.attach(c, null);
        s.offer(message("received", 2, 0));
        s.offer(message("unanswered", 2, 0));
        s.pubrec(1, false);
        assertThat(s.clear()).extracting(d -> new String(d.message().payload())).containsExactly("unanswered");
    }

    @Test
    void dropOldestSparesMessagesTheClientWasSentBefore() {
        Session s = session(3);
        RecordingConnection first = new RecordingConnection(10);
        s.attach(first, null);
        s.offer(message("a", 1, 0));
        s.offer(message("b", 1, 0));
        s.offer(message("c", 1, 0));
        s.detach(first);

        RecordingConnection second = new RecordingConnection(1);
        s.attach(second, null); // "a" in flight, "b" and "c" wait at the head of the queue
        s.offer(message("d", 1, 0));
        s.offer(message("e", 1, 0)); // the queue is full (3): the oldest never sent, "d", makes room
        assertThat(dropped).containsExactly("d QUEUE_FULL");
        s.puback(1);
        s.puback(2);
        s.puback(3);
        assertThat(second.written).containsExactly("PUBLISH 1 a DUP", "PUBLISH 2 b DUP", "PUBLISH 3 c DUP",
                "PUBLISH 5 e");
    }
}
