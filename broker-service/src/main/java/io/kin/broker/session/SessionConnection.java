package io.kin.broker.session;

/**
 * What a session needs from the network connection currently attached to it. The MQTT connection implements it,
 * so sessions never depend on the protocol edge.
 */
public interface SessionConnection {

    /**
     * Sends a PUBLISH. Returns false when the message cannot go to this client at all (larger than the client's
     * Maximum Packet Size): the caller then discards it as if it had been delivered [MQTT-3.1.2-25].
     */
    boolean sendPublish(Delivery delivery, int packetId, boolean dup);

    void sendPubrel(int packetId);

    /**
     * Whether the socket can take more bytes now without queueing past its low mark. While it cannot, QoS 0
     * messages are still written but the publishers sending them pause ({@link PublisherFlow}).
     */
    boolean isWritable();

    /**
     * Whether so many bytes wait to be sent (the write-buffer bound) that QoS 0 messages to this client are dropped,
     * or the client has stayed unwritable past the pause timeout: a stuck client then holds no publisher back.
     */
    boolean isOverfull();

    /** Runs {@code task} (on any thread) once this connection is writable again or closed; at once if it is now. */
    void whenWritable(Runnable task);

    /** How many QoS 1/2 messages may be unacknowledged towards this client. */
    int inflightWindow();

    /**
     * Closes this connection because a new connection took its session over (MQTT 5 reason 0x8E).
     *
     * @param sessionContinues whether the new connection resumes the session (then a delayed will is not sent)
     */
    void takenOver(boolean sessionContinues);
}
