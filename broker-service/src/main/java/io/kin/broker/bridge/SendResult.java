package io.kin.broker.bridge;

/** What became of a record handed to {@link Bridge#send}: it is either buffered for delivery or dropped at once. */
public enum SendResult {
    ACCEPTED,
    /** The bridge's buffer was full (its system is slow or down); counted in {@code kin.bridge.dropped}. */
    DROPPED_BUFFER_FULL,
    DROPPED_DISABLED,
    DROPPED_CLOSED,
    /** {@link Bridges#send} only: no bridge has that name. */
    NO_SUCH_BRIDGE;

    public boolean accepted() {
        return this == ACCEPTED;
    }
}
