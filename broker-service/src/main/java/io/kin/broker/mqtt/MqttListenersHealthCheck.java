package io.kin.broker.mqtt;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the MQTT listeners accept connections. */
@Readiness
@ApplicationScoped
public class MqttListenersHealthCheck implements HealthCheck {

    private final MqttListeners listeners;

    MqttListenersHealthCheck(MqttListeners listeners) {
        this.listeners = listeners;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("mqtt-listeners")
                .status(listeners.running())
                .withData("tcp", listeners.port(MqttListeners.Kind.TCP))
                .withData("ws", listeners.port(MqttListeners.Kind.WS))
                .build();
    }
}
