package io.kin.broker.auth;

/**
 * What a CONNECT packet offers to prove who the client is. {@code username} and {@code password} may each be null:
 * MQTT 5 allows a username without a password.
 */
public record ConnectCredentials(String clientId, String username, byte[] password, String remoteAddress) {

    /** The password stays out of logs. */
    @Override
    public String toString() {
        return "ConnectCredentials[clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", remoteAddress=" + remoteAddress + "]";
    }
}
