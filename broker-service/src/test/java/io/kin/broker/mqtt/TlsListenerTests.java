package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.net.SelfSignedCertificate;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT over TLS and WebSocket over TLS start when a certificate is configured. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(TlsListenerTests.WithCertificate.class)
class TlsListenerTests {

    static final SelfSignedCertificate CERT = SelfSignedCertificate.create("localhost");

    public static class WithCertificate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.tls.cert-path", CERT.certificatePath(),
                    "kin.mqtt.tls.key-path", CERT.privateKeyPath(),
                    "kin.mqtt.tls.port", "0", "kin.mqtt.tls.ws-port", "0");
        }
    }

    @Inject
    MqttListeners listeners;

    @Inject
    BrokerPorts broker;

    private static TrustManagerFactory trustingTheTestCertificate() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (FileInputStream in = new FileInputStream(CERT.certificatePath())) {
            store.setCertificateEntry("kin", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    @Test
    void clientsConnectOverTlsAndWebSocketTlsAndExchangeMessages() throws Exception {
        int tls = listeners.port(MqttListeners.Kind.TLS);
        int wss = listeners.port(MqttListeners.Kind.WSS);
        assertThat(tls).isPositive();
        assertThat(wss).isPositive();
        TrustManagerFactory trust = trustingTheTestCertificate();

        Mqtt5BlockingClient subscriber = MqttClient.builder().useMqttVersion5().identifier(BrokerPorts.uniqueId("tls-sub"))
                .serverHost("localhost").serverPort(tls)
                .sslConfig().trustManagerFactory(trust).applySslConfig()
                .buildBlocking();
        assertThat(subscriber.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        String topic = BrokerPorts.uniqueId("tls/topic");
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(
                com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5BlockingClient publisher = MqttClient.builder().useMqttVersion5()
                    .identifier(BrokerPorts.uniqueId("wss-pub")).serverHost("localhost").serverPort(wss)
                    .sslConfig().trustManagerFactory(trust).applySslConfig()
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                    .buildBlocking();
            assertThat(publisher.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("over tls".getBytes()).send();

            Optional<Mqtt5Publish> received = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(new String(received.get().getPayloadAsBytes())).isEqualTo("over tls");
            publisher.disconnect();
        }
        subscriber.disconnect();
    }
}
