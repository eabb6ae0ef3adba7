package io.kin.bench.client;

/**
 * How a client's session is treated at CONNECT.
 *
 * @param cleanStart          discard any previous session (MQTT 3: clean session)
 * @param sessionExpirySeconds how long the broker keeps the session after disconnect; for MQTT 3 any value above
 *                            zero means a persistent session (clean session = false)
 */
public record SessionPolicy(boolean cleanStart, long sessionExpirySeconds) {

    /** A throw-away session, gone at disconnect. */
    public static final SessionPolicy EPHEMERAL = new SessionPolicy(true, 0);

    public static SessionPolicy startPersistent(long expirySeconds) {
        return new SessionPolicy(true, expirySeconds);
    }

    public static SessionPolicy resumePersistent(long expirySeconds) {
        return new SessionPolicy(false, expirySeconds);
    }

    public boolean persistent() {
        return sessionExpirySeconds > 0;
    }
}
