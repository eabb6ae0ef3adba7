package io.kin.broker.session;

/** What sessions report about the messages they handle: statistics, metrics and the event stream listen here. */
public interface SessionListener {

    void delivered(String clientId, Delivery delivery);

    void acknowledged(String clientId, Delivery delivery);

    void dropped(String clientId, Delivery delivery, DropReason reason);

    enum DropReason {
        /** The session's queue was full. */
        QUEUE_FULL,
        /** QoS 0 to a client whose socket cannot take more. */
        SLOW_CONSUMER,
        /** QoS 0 to a session that is not connected. */
        QOS0_OFFLINE,
        /** Its message expiry interval passed before delivery. */
        EXPIRED,
        /** Larger than the client's Maximum Packet Size. */
        TOO_LARGE,
        /** The store could not keep it; its publisher was refused. */
        NOT_STORED
    }

    SessionListener NONE = new SessionListener() {
        @Override
        public void delivered(String clientId, Delivery delivery) {
        }

        @Override
        public void acknowledged(String clientId, Delivery delivery) {
        }

        @Override
        public void dropped(String clientId, Delivery delivery, DropReason reason) {
        }
    };
}
