package io.kin.broker.sys;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker with the default configuration (no test profile) publishes nothing under {@code $SYS}. The subscription
 * asks for no retained messages (Retain Handling 2): the test database is shared by every test class of the run, so
 * values retained by a $SYS-enabled broker earlier in the run may still be stored; what is checked is that this broker
 * publishes none.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class SysTopicsOffByDefaultTests {

    /** Longer than the default interval (10 s): an enabled tree would publish at least once meanwhile. */
    private static final long WATCH_MS = 11_000;

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("$SYS is off by default: no publication under $SYS for longer than the default interval")
    void nothingIsPublishedUnderSysByDefault() throws Exception {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("sys-off"));
        client.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("$SYS/#").qos(MqttQos.AT_MOST_ONCE)
                    .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
            assertThat(publishes.receive(WATCH_MS, TimeUnit.MILLISECONDS)).as("no $SYS publication").isEmpty();
        } finally {
            client.disconnect();
        }
    }
}
