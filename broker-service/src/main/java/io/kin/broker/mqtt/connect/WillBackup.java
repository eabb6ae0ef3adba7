package io.kin.broker.mqtt.connect;

/**
 * Keeps the wills of connected clients where they outlive this node: if the node dies, another one publishes
 * them. A single node needs nothing kept (its wills die with it, as do its clients' connections).
 */
public interface WillBackup {

    void armed(String clientId, Will will, long sessionExpirySeconds);

    void disarmed(String clientId);
}
