package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared subscriptions with {@code kin.mqtt.shared-dispatch=random} (MQTT 5 section 4.8.2 leaves the choice of member
 * to the server): each message goes to exactly one member, chosen at random, so over many messages from one publisher
 * every member gets some, in no fixed rotation. Runs on its own broker (a test profile). The default strategy is in
 * {@link SharedSubscriptionTests}; the strategy itself is unit-tested in {@code SharedGroupTest}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(SharedRandomDispatchTests.Random.class)
class SharedRandomDispatchTests {

    public static class Random implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.shared-dispatch", "random");
        }
    }

    private static final int MEMBERS = 3;
    /**
     * With 3 members picked uniformly, the chance that one member gets none of 90 messages is 3 × (2/3)^90, about
     * 4e-16; the chance that the picks form a strict rotation is smaller still.
     */
    private static final int MESSAGES = 90;

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("random: each message of one publisher reaches exactly one member; all members get some, not in "
            + "turn — HiveMQ v5")
    void eachMessageGoesToExactlyOneRandomMember() throws Exception {
        String topic = BrokerPorts.uniqueId("random") + "/jobs";
        List<SubscriptionTests.Receiver> members = new ArrayList<>();
        try {
            for (int i = 0; i < MEMBERS; i++) {
                SubscriptionTests.Receiver m = new SubscriptionTests.Receiver(broker);
                m.client.subscribeWith().topicFilter("$share/g/" + topic).qos(MqttQos.AT_LEAST_ONCE).send();
                members.add(m);
            }
            List<String> sent = IntStream.range(0, MESSAGES).mapToObj(i -> "m" + i).toList();
            // one publisher: sticky and hash would send everything to one member
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            try {
                for (String p : sent) {
                    pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(p)).send();
                }
            } finally {
                pub.disconnect();
            }

            Map<String, Integer> memberOf = new HashMap<>();
            List<Integer> counts = new ArrayList<>();
            List<String> all = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                List<String> got = members.get(i).drainPayloads();
                counts.add(got.size());
                all.addAll(got);
                for (String p : got) {
                    memberOf.put(p, i);
                }
            }
            assertThat(all).as("every message exactly once across the group").hasSize(MESSAGES)
                    .containsExactlyInAnyOrderElementsOf(sent);
            assertThat(counts).as("messages per member").allMatch(n -> n > 0);

            // round-robin would repeat the first three picks all the way through
            List<Integer> picks = sent.stream().map(memberOf::get).toList();
            boolean rotation = IntStream.range(MEMBERS, MESSAGES)
                    .allMatch(i -> picks.get(i).equals(picks.get(i - MEMBERS)));
            assertThat(rotation).as("members picked in a fixed rotation: %s", picks).isFalse();
        } finally {
            members.forEach(SubscriptionTests.Receiver::close);
        }
    }
}
