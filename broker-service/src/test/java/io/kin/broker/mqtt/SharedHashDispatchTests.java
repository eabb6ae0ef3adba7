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

import static io.kin.broker.mqtt.PublishTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared subscriptions with {@code kin.mqtt.shared-dispatch=hash} (MQTT 5 section 4.8.2 leaves the choice of member to
 * the server): the member is chosen by the publisher's client id, so each publisher's messages always reach the same
 * member, in order. Runs on its own broker (a test profile). The default strategy is in
 * {@link SharedSubscriptionTests}; the strategy itself is unit-tested in {@code SharedGroupTest}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(SharedHashDispatchTests.Hash.class)
class SharedHashDispatchTests {

    public static class Hash implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.shared-dispatch", "hash");
        }
    }

    /** Not a multiple of the 3 members: in turn, one publisher's messages would move from member to member. */
    private static final int PUBLISHERS = 4;
    private static final int PER_ROUND = 5;

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("hash: each publisher's messages always go to the same member, in order, over two rounds — HiveMQ v5")
    void eachPublisherStaysOnOneMember() throws Exception {
        String topic = BrokerPorts.uniqueId("hash") + "/jobs";
        List<SubscriptionTests.Receiver> members = new ArrayList<>();
        List<String> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            publishers.add(BrokerPorts.uniqueId("pub" + p));
        }
        try {
            for (int i = 0; i < 3; i++) {
                SubscriptionTests.Receiver m = new SubscriptionTests.Receiver(broker);
                m.client.subscribeWith().topicFilter("$share/g/" + topic).qos(MqttQos.AT_LEAST_ONCE).send();
                members.add(m);
            }
            // two rounds, publishers interleaved: a round-robin or random pick would scatter each publisher
            for (int round = 0; round < 2; round++) {
                List<Mqtt5BlockingClient> clients = new ArrayList<>();
                for (String id : publishers) {
                    Mqtt5BlockingClient c = broker.v5Blocking(id);
                    c.connect();
                    clients.add(c);
                }
                for (int n = 0; n < PER_ROUND; n++) {
                    for (int p = 0; p < PUBLISHERS; p++) {
                        int seq = round * PER_ROUND + n;
                        clients.get(p).publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                                .payload(bytes(publishers.get(p) + ":" + seq)).send();
                    }
                }
                clients.forEach(Mqtt5BlockingClient::disconnect);
            }

            Map<String, Integer> memberOf = new HashMap<>();
            Map<String, List<Integer>> seqs = new HashMap<>();
            for (int i = 0; i < members.size(); i++) {
                for (String payload : members.get(i).drainPayloads()) {
                    String publisher = payload.substring(0, payload.indexOf(':'));
                    Integer before = memberOf.putIfAbsent(publisher, i);
                    assertThat(before == null ? i : before).as("member of %s", publisher).isEqualTo(i);
                    seqs.computeIfAbsent(publisher, k -> new ArrayList<>())
                            .add(Integer.parseInt(payload.substring(payload.indexOf(':') + 1)));
                }
            }
            assertThat(memberOf.keySet()).containsExactlyInAnyOrderElementsOf(publishers);
            for (String publisher : publishers) {
                assertThat(seqs.get(publisher)).as("messages of %s, in order", publisher)
                        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            }
        } finally {
            members.forEach(SubscriptionTests.Receiver::close);
        }
    }
}
