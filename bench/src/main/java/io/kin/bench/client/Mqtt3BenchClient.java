package io.kin.bench.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

final class Mqtt3BenchClient implements BenchClient {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final String clientId;
    private final Mqtt3AsyncClient client;

    Mqtt3BenchClient(Endpoint endpoint, String clientId, Consumer<ByteBuffer> onMessage) {
        this.clientId = clientId;
        this.client = MqttClient.builder()
                .useMqttVersion3()
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
        // MQTT 3.1.1 has no expiry: a session is either dropped at disconnect or kept
        return client.connectWith()
                .cleanSession(!session.persistent())
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
                    for (Mqtt3SubAckReturnCode code : subAck.getReturnCodes()) {
                        if (code.isError()) {
                            throw new IllegalStateException("broker refused subscription " + topicFilter);
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
                .thenApply(published -> null);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }

    @Override
    public CompletableFuture<Void> disconnectAndForgetSession() {
        // the only way to drop a 3.1.1 session is a clean-session connect under the same client id
        return client.disconnect()
                .exceptionally(error -> null)
                .thenCompose(ignored -> client.connectWith().cleanSession(true).send())
                .thenCompose(connAck -> client.disconnect());
    }
}
