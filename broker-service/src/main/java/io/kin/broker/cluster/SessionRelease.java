package io.kin.broker.cluster;

import io.kin.broker.mqtt.MqttConnection;
import io.kin.broker.mqtt.MqttConnections;
import io.kin.broker.session.SessionRegistry;
import io.quarkus.arc.Arc;

import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs on the node that holds a session another node claims: disconnects the client here with "session taken
 * over" (0x8E), then lets the session go once its pending writes are durable.
 */
final class SessionRelease implements Callable<Boolean>, Serializable {

    private static final long serialVersionUID = 1L;

    private final String clientId;
    private final boolean sessionContinues;

    SessionRelease(String clientId, boolean sessionContinues) {
        this.clientId = clientId;
        this.sessionContinues = sessionContinues;
    }

    @Override
    public Boolean call() throws Exception {
        MqttConnections connections = Arc.container().instance(MqttConnections.class).get();
        SessionRegistry sessions = Arc.container().instance(SessionRegistry.class).get();
        MqttConnection connection = connections.connection(clientId);
        if (connection != null) {
            connection.takenOver(sessionContinues);
            // the close runs on the connection's event loop; wait for it so nothing is sent after the release
            for (int i = 0; i < 100 && connection.isOpen(); i++) {
                Thread.sleep(20);
            }
        }
        sessions.release(clientId).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return Boolean.TRUE;
    }
}
