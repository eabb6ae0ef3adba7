package io.kin.broker.bridge;

/** Where a bridge stands with its external system. */
public enum BridgeState {
    /** Opening the connection for the first time; records are buffered meanwhile. */
    CONNECTING,
    /** The last connection attempt or delivery got through. */
    CONNECTED,
    /** The last attempt failed (see the status' last error); records are buffered and retried with back-off. */
    DISCONNECTED,
    /** Configured but switched off: nothing is buffered, sends are dropped. */
    DISABLED,
    /** Closed (removed or replaced by a new configuration). */
    CLOSED
}
