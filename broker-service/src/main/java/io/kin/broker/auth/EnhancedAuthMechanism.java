package io.kin.broker.auth;

/** A challenge/response mechanism offered through the MQTT 5 Authentication Method property. */
public interface EnhancedAuthMechanism {

    /** The Authentication Method value this mechanism answers to, e.g. {@code SCRAM-SHA-256}. */
    String method();

    EnhancedAuthExchange start(String clientId);
}
