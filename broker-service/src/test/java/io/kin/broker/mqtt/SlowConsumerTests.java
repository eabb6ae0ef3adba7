package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.broker.session.SessionListener;
import io.kin.broker.sys.BrokerStats;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber that stops reading must cost the others nothing: once its socket's write buffer
 * ({@code kin.mqtt.write-buffer-bytes}, 1 MiB by default) is full, QoS 0 messages to it are dropped and counted, while a subscriber that
 * keeps reading gets every message.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class SlowConsumerTests {

    @Inject
    BrokerPorts broker;

    @Inject
    BrokerStats stats;

    /** An MQTT 3.1.1 client on a plain socket that subscribes and then never reads again. */
    private Socket stuckSubscriber(String topic) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", broker.tcp()), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(RawPackets.connectThenSubscribe(BrokerPorts.uniqueId("stuck"), topic));
        out.flush();
        byte[] acks = RawPackets.readExactly(socket.getInputStream(), 9);
        assertThat(acks[0]).as("CONNACK").isEqualTo((byte) 0x20);
        assertThat(acks[4]).as("SUBACK").isEqualTo((byte) 0x90);
        return socket;
    }

    @Test
    void aSubscriberThatStopsReadingLosesQos0MessagesAndNobodyElseDoes() throws Exception {
        String topic = BrokerPorts.uniqueId("slow/t");
        long droppedBefore = stats.dropped(SessionListener.DropReason.SLOW_CONSUMER);
        int messages = 16_000;
        byte[] payload = new byte[1024];
        try (Socket stuck = stuckSubscriber(topic)) {
            Mqtt5BlockingClient reader = broker.v5Blocking(BrokerPorts.uniqueId("reader"));
            reader.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes received = reader.publishes(MqttGlobalPublishFilter.ALL)) {
                reader.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE).send();
                Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
                pub.connect();
                for (int i = 0; i < messages; i++) {
                    pub.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload).send();
                    if (i % 500 == 499) {
                        Thread.sleep(50); // paced, so the reading subscriber is never the slow one
                    }
                }
                pub.disconnect();
                for (int i = 0; i < messages; i++) {
                    assertThat(received.receive(10, TimeUnit.SECONDS)).as("message %d to the reader", i).isPresent();
                }
            } finally {
                reader.disconnect();
            }
            // 16 MB for a client that takes nothing: the kernel buffers a few MB, 1 MiB waits in the broker, the rest is dropped
            long dropped = stats.dropped(SessionListener.DropReason.SLOW_CONSUMER) - droppedBefore;
            assertThat(dropped).as("QoS 0 messages dropped at the stuck subscriber").isGreaterThan(messages / 2);
            assertThat(dropped).isLessThanOrEqualTo(messages);
        }
    }
}
