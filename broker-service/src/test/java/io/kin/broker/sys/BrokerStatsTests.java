package io.kin.broker.sys;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class BrokerStatsTests {

    @Inject
    BrokerPorts broker;

    @Inject
    BrokerStats stats;

    private void awaitConnected(long expected) throws InterruptedException {
        for (int i = 0; i < 100 && stats.connected() != expected; i++) {
            Thread.sleep(50);
        }
        assertThat(stats.connected()).isEqualTo(expected);
    }

    @Test
    void connectedCountFollowsConnectsAndDisconnects() throws Exception {
        long base = stats.connected();
        Mqtt5BlockingClient v5 = broker.v5Blocking(BrokerPorts.uniqueId("stats5"));
        v5.connect();
        Mqtt3BlockingClient v3 = broker.v3Blocking(BrokerPorts.uniqueId("stats3"));
        v3.connect();
        awaitConnected(base + 2);
        v5.disconnect();
        awaitConnected(base + 1);
        v3.disconnect();
        awaitConnected(base);
        assertThat(stats.maximumConnected()).isGreaterThanOrEqualTo(base + 2);
    }
}
