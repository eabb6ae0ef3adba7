package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUBREC reason codes for QoS 2 publishes from a client (MQTT 5 section 3.5.2.1, 4.3.3): the same outcomes as
 * PUBACK (0x10, 0x87, 0x90, 0x99), and a refused flow ends at once — its packet identifier is free and a later
 * PUBLISH with it is a new message. The PUBACK side is in {@link PublishTests}. Default configuration.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class PubrecReasonCodeTests {

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("PUBREC carries 0x10 no matching subscribers, 0x87 not authorized ($SYS), 0x90 topic name invalid ($delayed), 0x99 payload format invalid")
    void pubrecCarriesTheReasonCodesOfPuback() throws Exception {
        try (RawMqttClient raw = connected()) {
            assertThat(pubrecReason(raw, 1, BrokerPorts.uniqueId("nobody") + "/t", "x", false)).isEqualTo(0x10);
            assertThat(pubrecReason(raw, 2, "$SYS/" + BrokerPorts.uniqueId("fake"), "x", false)).isEqualTo(0x87);
            assertThat(pubrecReason(raw, 3, "$delayed/soon/" + BrokerPorts.uniqueId("d"), "x", false))
                    .isEqualTo(0x90);
            assertThat(pubrecReason(raw, 4, BrokerPorts.uniqueId("pfi") + "/t", null, true)).isEqualTo(0x99);
        }
    }

    @Test
    @DisplayName("section 4.3.3: after PUBREC ≥ 0x80 the flow is over — PUBREL gets PUBCOMP 0x92, and the packet id is reused for a new message that is delivered")
    void refusedQos2FlowEndsAtOnce() throws Exception {
        String topic = BrokerPorts.uniqueId("reuse") + "/t";
        try (SubscriptionTests.Receiver sub = new SubscriptionTests.Receiver(broker);
             RawMqttClient raw = connected()) {
            sub.client.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            assertThat(pubrecReason(raw, 7, "$SYS/" + BrokerPorts.uniqueId("fake"), "refused", false)).isEqualTo(0x87);
            raw.send(RawPackets.pubrel(7));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBCOMP, WAIT))).isEqualTo(0x92);

            assertThat(pubrecReason(raw, 7, topic, "accepted", false)).isEqualTo(0x00);
            raw.send(RawPackets.pubrel(7));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBCOMP, WAIT))).isEqualTo(0x00);
            assertThat(sub.drainPayloads()).containsExactly("accepted");
        }
    }

    /** Sends a QoS 2 PUBLISH and returns the reason code of its PUBREC. */
    private static int pubrecReason(RawMqttClient raw, int packetId, String topic, String payload, boolean badUtf8)
            throws Exception {
        if (badUtf8) {
            raw.send(RawPackets.publish(topic, 2, false, packetId,
                    RawPackets.props(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, 1),
                    new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF}));
        } else {
            raw.send(RawPackets.publish(topic, 2, false, packetId, null, payload.getBytes(StandardCharsets.UTF_8)));
        }
        MqttMessage pubrec = raw.receive(MqttMessageType.PUBREC, WAIT);
        assertThat(RawPackets.replyPacketId(pubrec)).isEqualTo(packetId);
        return RawPackets.replyReason(pubrec);
    }

    private RawMqttClient connected() throws Exception {
        return RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"), true, null);
    }
}
