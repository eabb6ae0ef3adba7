package io.kin.bench.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

final class Mqtt5BenchClient implements BenchClient {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final String clientId;
    private final Mqtt5AsyncClient client;
    private boolean connectedWithExpiry;

    Mqtt5BenchClient(Endpoint endpoint, String clientId, Consumer<ByteBuffer> onMessage) {
        this.clientId = clientId;
        this.client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost(endpoint.host())
                .serverPort(endpoint.port())
                .buildAsync();
        if (onMessage != null) {
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> onMessage.accept(publish.getPayload().orElse(EMPTY)));
        }
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public CompletableFuture<Boolean> connect(SessionPolicy session) {
        connectedWithExpiry = session.sessionExpirySeconds() > 0;
        return client.connectWith()
                .cleanStart(session.cleanStart())
                .sessionExpiryInterval(session.sessionExpirySeconds())
                .keepAlive(60)
                .send()
                .thenApply(connAck -> connAck.isSessionPresent());
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, int qos) {
        return client.subscribeWith()
                .topicFilter(topicFilter)
                .qos(MqttQos.fromCode(qos))
                .send()
                .thenApply(subAck -> {
                    for (Mqtt5SubAckReasonCode code : subAck.getReasonCodes()) {
                        if (code.isError()) {
                            throw new IllegalStateException("broker refused subscription " + topicFilter + ": " + code);
                        }
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, int qos, ByteBuffer payload) {
        return client.publishWith()
                .topic(topic)
                .qos(MqttQos.fromCode(qos))
                .payload(payload)
                .send()
                .thenApply(result -> {
                    // a negative PUBACK / PUBREC completes the future normally and carries the error
                    result.getError().ifPresent(error -> {
                        throw new IllegalStateException("publish refused: " + error.getMessage(), error);
                    });
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }

    @Override
    public CompletableFuture<Void> disconnectAndForgetSession() {
        if (!connectedWithExpiry) {
            return client.disconnect();
        }
        return client.disconnectWith().sessionExpiryInterval(0).send();
    }
}
