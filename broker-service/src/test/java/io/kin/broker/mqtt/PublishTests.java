package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUBLISH end to end (MQTT 3.3, 4.3, 4.10): every QoS once, across protocol versions and client libraries, MQTT 5
 * reason codes, exactly-once for resent QoS 2 publishes, and the properties that travel with a message.
 *
 * <p>Not tested here: QoS 2 towards a subscriber that never sends PUBREC (see FlowControlTests for the window).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class PublishTests {

    /** How long to wait before concluding that a message did not arrive (a second copy, an unwanted one). */
    static final long QUIET_MS = 700;

    @Inject
    BrokerPorts broker;

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    @DisplayName("MQTT 5 publisher to MQTT 5 subscriber: delivered once at the publish QoS [MQTT-4.3.1, 4.3.2, 4.3.3]")
    void deliversOnceEndToEndOnMqtt5(int qos) throws Exception {
        String topic = BrokerPorts.uniqueId("pub5") + "/t";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub5"));
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub5"));
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            pub.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(bytes("m" + qos)).send();

            Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getTopic().toString()).isEqualTo(topic);
            assertThat(m.getQos().getCode()).isEqualTo(qos);
            assertThat(text(m.getPayloadAsBytes())).isEqualTo("m" + qos);
            assertThat(received.receive(QUIET_MS, TimeUnit.MILLISECONDS)).as("exactly one copy").isEmpty();
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    @DisplayName("MQTT 3.1.1 publisher to MQTT 3.1.1 subscriber: delivered once at the publish QoS")
    void deliversOnceEndToEndOnMqtt311(int qos) throws Exception {
        String topic = BrokerPorts.uniqueId("pub3") + "/t";
        Mqtt3BlockingClient sub = broker.v3Blocking(BrokerPorts.uniqueId("sub3"));
        Mqtt3BlockingClient pub = broker.v3Blocking(BrokerPorts.uniqueId("pub3"));
        sub.connect();
        pub.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            pub.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(bytes("m" + qos)).send();

            Mqtt3Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getTopic().toString()).isEqualTo(topic);
            assertThat(m.getQos().getCode()).isEqualTo(qos);
            assertThat(text(m.getPayloadAsBytes())).isEqualTo("m" + qos);
            assertThat(received.receive(QUIET_MS, TimeUnit.MILLISECONDS)).as("exactly one copy").isEmpty();
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    @DisplayName("Paho MQTT 3.1.1 publisher to HiveMQ MQTT 5 subscriber: delivered once")
    void deliversOnceFromMqtt3PublisherToMqtt5Subscriber(int qos) throws Exception {
        String topic = BrokerPorts.uniqueId("mixed") + "/t";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub5"));
        sub.connect();
        org.eclipse.paho.client.mqttv3.MqttClient pub = new org.eclipse.paho.client.mqttv3.MqttClient(
                "tcp://127.0.0.1:" + broker.tcp(), BrokerPorts.uniqueId("paho3"), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        pub.connect(options);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            pub.publish(topic, bytes("from v3"), qos, false);

            Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getQos().getCode()).isEqualTo(qos);
            assertThat(text(m.getPayloadAsBytes())).isEqualTo("from v3");
            assertThat(m.getUserProperties().asList()).isEmpty();
            assertThat(received.receive(QUIET_MS, TimeUnit.MILLISECONDS)).as("exactly one copy").isEmpty();
        } finally {
            sub.disconnect();
            pub.disconnect();
            pub.close();
        }
    }

    @Test
    @DisplayName("delivered QoS is the minimum of publish QoS and granted QoS [MQTT-3.8.4-8]")
    void downgradesToTheSubscriptionQos() throws Exception {
        String base = BrokerPorts.uniqueId("down");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(base + "/zero").qos(MqttQos.AT_MOST_ONCE).send();
            sub.subscribeWith().topicFilter(base + "/one").qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic(base + "/zero").qos(MqttQos.EXACTLY_ONCE).payload(bytes("a")).send();
            assertThat(received.receive(5, TimeUnit.SECONDS).orElseThrow().getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
            pub.publishWith().topic(base + "/one").qos(MqttQos.EXACTLY_ONCE).payload(bytes("b")).send();
            assertThat(received.receive(5, TimeUnit.SECONDS).orElseThrow().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            // a lower publish QoS is never raised to the subscription's
            pub.publishWith().topic(base + "/one").qos(MqttQos.AT_MOST_ONCE).payload(bytes("c")).send();
            assertThat(received.receive(5, TimeUnit.SECONDS).orElseThrow().getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @Test
    @DisplayName("MQTT 5 PUBACK: 0x10 no matching subscribers, 0x00 when someone subscribes")
    void pubackSaysWhetherAnyoneSubscribed() {
        String topic = BrokerPorts.uniqueId("nosub") + "/t";
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        pub.connect();
        sub.connect();
        try {
            Mqtt5PublishResult nobody = pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("x")).send();
            assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) nobody).getPubAck().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);

            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5PublishResult someone = pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("x")).send();
            assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) someone).getPubAck().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        } finally {
            pub.disconnect();
            sub.disconnect();
        }
    }

    @Test
    @DisplayName("QoS 2 resent with DUP before PUBREL is delivered once; PUBREL gets PUBCOMP [MQTT-4.3.3-9, 4.3.3-11]")
    void resentQos2PublishIsDeliveredExactlyOnce() throws Exception {
        String topic = BrokerPorts.uniqueId("qos2dup") + "/t";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                     true, null)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();

            raw.send(RawPackets.publish(topic, 2, false, 7, null, bytes("once")));
            MqttMessage pubrec = raw.receive(MqttMessageType.PUBREC, WAIT);
            assertThat(RawPackets.replyPacketId(pubrec)).isEqualTo(7);
            assertThat(RawPackets.replyReason(pubrec)).isEqualTo(0x00);

            raw.send(RawPackets.publish(topic, 2, true, 7, null, bytes("once")));
            MqttMessage again = raw.receive(MqttMessageType.PUBREC, WAIT);
            assertThat(RawPackets.replyPacketId(again)).as("the resend is acknowledged again").isEqualTo(7);

            raw.send(RawPackets.pubrel(7));
            MqttMessage pubcomp = raw.receive(MqttMessageType.PUBCOMP, WAIT);
            assertThat(RawPackets.replyPacketId(pubcomp)).isEqualTo(7);
            assertThat(RawPackets.replyReason(pubcomp)).isEqualTo(0x00);

            assertThat(text(received.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()))
                    .isEqualTo("once");
            assertThat(received.receive(QUIET_MS, TimeUnit.MILLISECONDS)).as("exactly one copy").isEmpty();
        } finally {
            sub.disconnect();
        }
    }

    @Test
    @DisplayName("QoS 2 across a reconnect: the PUBREL on the resumed session completes the flow, delivered once [MQTT-4.3.3-9, 4.4.0-1]")
    void qos2FlowCompletesAfterReconnect() throws Exception {
        String topic = BrokerPorts.uniqueId("qos2re") + "/t";
        String id = BrokerPorts.uniqueId("raw");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true,
                    RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300))) {
                raw.send(RawPackets.publish(topic, 2, false, 9, null, bytes("survives")));
                assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(9);
            } // gone before PUBREL
            try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, false,
                    RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0))) {
                // a client may still resend the PUBLISH it has no PUBREC for on its side: not routed again
                raw.send(RawPackets.publish(topic, 2, true, 9, null, bytes("survives")));
                assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(9);
                raw.send(RawPackets.pubrel(9));
                MqttMessage pubcomp = raw.receive(MqttMessageType.PUBCOMP, WAIT);
                assertThat(RawPackets.replyReason(pubcomp)).as("the packet id is known to the session").isZero();
            }
            assertThat(text(received.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()))
                    .isEqualTo("survives");
            assertThat(received.receive(QUIET_MS, TimeUnit.MILLISECONDS)).as("exactly one copy").isEmpty();
        } finally {
            sub.disconnect();
        }
    }

    @Test
    @DisplayName("PUBREL for an unknown packet id gets PUBCOMP 0x92 (MQTT 5)")
    void pubrelForUnknownPacketIdGetsPubcomp0x92() throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, null)) {
            raw.send(RawPackets.pubrel(4242));
            MqttMessage pubcomp = raw.receive(MqttMessageType.PUBCOMP, WAIT);
            assertThat(RawPackets.replyPacketId(pubcomp)).isEqualTo(4242);
            assertThat(RawPackets.replyReason(pubcomp)).isEqualTo(0x92);
        }
    }

    @Test
    @DisplayName("payload format indicator 1 with invalid UTF-8 gets PUBACK 0x99 [MQTT-3.3.2-4]")
    void invalidUtf8WithPayloadFormatIndicatorIsRefused() throws Exception {
        String topic = BrokerPorts.uniqueId("pfi") + "/t";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                     true, null)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            raw.send(RawPackets.publish(topic, 1, false, 1,
                    RawPackets.props(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, 1),
                    new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF}));
            MqttMessage puback = raw.receive(MqttMessageType.PUBACK, WAIT);
            assertThat(RawPackets.replyReason(puback)).isEqualTo(0x99);
            assertThat(received.receive(QUIET_MS, TimeUnit.MILLISECONDS)).as("not forwarded").isEmpty();
        } finally {
            sub.disconnect();
        }
    }

    @Test
    @DisplayName("content type, response topic, correlation data, user properties and payload format reach a v5 subscriber [MQTT-3.3.2-20, 3.3.2-16, 3.3.2-18]")
    void messagePropertiesArePassedThrough() throws Exception {
        String topic = BrokerPorts.uniqueId("props") + "/t";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"a\":1}"))
                    .contentType("application/json")
                    .responseTopic(topic + "/reply")
                    .correlationData(bytes("corr-1"))
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                    .userProperties().add("k1", "v1").add("k2", "v2").add("k1", "again").applyUserProperties()
                    .send();

            Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getContentType().map(Object::toString)).contains("application/json");
            assertThat(m.getResponseTopic().map(Object::toString)).contains(topic + "/reply");
            assertThat(m.getCorrelationData().map(PublishTests::text)).contains("corr-1");
            assertThat(m.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
            // user properties keep their order and duplicates [MQTT-3.3.2-18]
            assertThat(m.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("k1=v1", "k2=v2", "k1=again");
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @Test
    @DisplayName("request/response: a Paho MQTT 5 responder answers on the response topic with the correlation data")
    void requestResponseWithResponseTopicAndCorrelationData() throws Exception {
        String requests = BrokerPorts.uniqueId("req") + "/service";
        String replies = BrokerPorts.uniqueId("rsp") + "/client";
        org.eclipse.paho.mqttv5.client.MqttClient responder = new org.eclipse.paho.mqttv5.client.MqttClient(
                "tcp://127.0.0.1:" + broker.tcp(), BrokerPorts.uniqueId("paho5"),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        responder.setCallback(new RespondingCallback(responder));
        responder.connect(new MqttConnectionOptions());
        responder.subscribe(new MqttSubscription[]{new MqttSubscription(requests, 1)});

        Mqtt5BlockingClient requester = broker.v5Blocking(BrokerPorts.uniqueId("requester"));
        requester.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = requester.publishes(MqttGlobalPublishFilter.ALL)) {
            requester.subscribeWith().topicFilter(replies).qos(MqttQos.AT_LEAST_ONCE).send();
            for (String id : List.of("r-1", "r-2")) {
                requester.publishWith().topic(requests).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("ping " + id))
                        .responseTopic(replies).correlationData(bytes(id)).send();
                Mqtt5Publish reply = received.receive(5, TimeUnit.SECONDS).orElseThrow();
                assertThat(reply.getTopic().toString()).isEqualTo(replies);
                assertThat(reply.getCorrelationData().map(PublishTests::text)).contains(id);
                assertThat(text(reply.getPayloadAsBytes())).isEqualTo("pong for ping " + id);
            }
        } finally {
            requester.disconnect();
            responder.disconnect();
            responder.close();
        }
    }

    @Test
    @DisplayName("a client may not publish to $SYS/...: PUBACK 0x87, nothing forwarded")
    void publishToSysTopicIsRefused() throws Exception {
        String topic = "$SYS/" + BrokerPorts.uniqueId("fake");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                     true, null)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            raw.send(RawPackets.publish(topic, 1, 3, "fake stats"));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBACK, WAIT))).isEqualTo(0x87);
            assertThat(received.receive(QUIET_MS, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            sub.disconnect();
        }
    }

    @Test
    @DisplayName("interop: mosquitto_pub reaches a HiveMQ subscriber and mosquitto_sub receives from a HiveMQ MQTT 3 publisher")
    void mosquittoClientsInteroperate() throws Exception {
        String topic = BrokerPorts.uniqueId("mosq") + "/t";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic + "/in").qos(MqttQos.AT_LEAST_ONCE).send();
            Process pub = new ProcessBuilder("/usr/bin/mosquitto_pub", "-h", "127.0.0.1",
                    "-p", String.valueOf(broker.tcp()), "-V", "mqttv311", "-q", "1",
                    "-i", BrokerPorts.uniqueId("mosqpub"), "-t", topic + "/in", "-m", "hello from mosquitto")
                    .redirectErrorStream(true).start();
            assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes())).isZero();
            Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(text(m.getPayloadAsBytes())).isEqualTo("hello from mosquitto");
            assertThat(m.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        } finally {
            sub.disconnect();
        }

        Process mosqSub = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1",
                "-p", String.valueOf(broker.tcp()), "-V", "mqttv5", "-q", "1", "-C", "1", "-W", "15", "-v",
                "-i", BrokerPorts.uniqueId("mosqsub"), "-t", topic + "/out").start();
        Mqtt3BlockingClient pub = broker.v3Blocking(BrokerPorts.uniqueId("pub3"));
        pub.connect();
        try {
            // mosquitto_sub subscribes at its own pace: publish until it has one message and exits
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (mosqSub.isAlive() && System.nanoTime() < deadline) {
                pub.publishWith().topic(topic + "/out").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("to mosquitto"))
                        .send();
                mosqSub.waitFor(200, TimeUnit.MILLISECONDS);
            }
            assertThat(mosqSub.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(mosqSub.exitValue()).isZero();
            String out = new String(mosqSub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(out).isEqualTo(topic + "/out to mosquitto");
        } finally {
            mosqSub.destroy();
            pub.disconnect();
        }
    }

    /** Answers each request on its response topic, echoing the correlation data. */
    private record RespondingCallback(org.eclipse.paho.mqttv5.client.MqttClient client) implements MqttCallback {

        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage request) throws Exception {
            MqttProperties in = request.getProperties();
            org.eclipse.paho.mqttv5.common.MqttMessage reply = new org.eclipse.paho.mqttv5.common.MqttMessage(
                    bytes("pong for " + text(request.getPayload())));
            reply.setQos(1);
            MqttProperties out = new MqttProperties();
            out.setCorrelationData(in.getCorrelationData());
            reply.setProperties(out);
            String responseTopic = in.getResponseTopic();
            // publish from another thread: Paho does not allow a blocking publish inside its callback
            new Thread(() -> {
                try {
                    client.publish(responseTopic, reply);
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            }).start();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static String text(ByteBuffer b) {
        ByteBuffer copy = b.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return text(out);
    }
}
