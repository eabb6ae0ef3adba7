package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/** Where the broker under test listens, and ready-made clients for it. Inject it into a {@code @QuarkusTest}. */
@ApplicationScoped
public class BrokerPorts {

    @Inject
    MqttListeners listeners;

    public int tcp() {
        return listeners.port(MqttListeners.Kind.TCP);
    }

    public int ws() {
        return listeners.port(MqttListeners.Kind.WS);
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Mqtt5ClientBuilder v5(String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1").serverPort(tcp());
    }

    public Mqtt5BlockingClient v5Blocking(String clientId) {
        return v5(clientId).buildBlocking();
    }

    public Mqtt3BlockingClient v3Blocking(String clientId) {
        return MqttClient.builder().useMqttVersion3().identifier(clientId).serverHost("127.0.0.1").serverPort(tcp())
                .buildBlocking();
    }
}
