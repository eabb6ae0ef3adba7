package io.kin.broker.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.MqttEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicInteger;

/** Entry point of every new MQTT connection. */
@ApplicationScoped
public class MqttConnections {

    private static final Logger LOG = Logger.getLogger(MqttConnections.class);

    private final AtomicInteger connected = new AtomicInteger();

    void accept(MqttListeners.Kind listener, MqttEndpoint endpoint) {
        if (endpoint.clientIdentifier() == null) {
            endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            return;
        }
        endpoint.publishAutoAck(true);
        endpoint.accept(false);
        connected.incrementAndGet();
        endpoint.closeHandler(v -> connected.decrementAndGet());
        LOG.debugf("client %s connected over %s", endpoint.clientIdentifier(), listener);
    }

    public int connectedCount() {
        return connected.get();
    }
}
