package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import io.kin.broker.auth.PasswordAuthenticator;
import io.kin.broker.auth.ScramSha256Mechanism;
import io.kin.broker.store.PgUserStore;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authentication (MQTT 5 sections 3.1.3.5, 3.2.2.2 and 4.12; MQTT 3.1.1 section 3.2.2.3): username and password,
 * anonymous clients, and SCRAM-SHA-256 enhanced authentication with re-authentication. The SCRAM client side is
 * written here from RFC 5802, independently of the server code.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class AuthenticationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    BrokerPorts broker;

    @Inject
    PgUserStore users;

    @Inject
    PasswordAuthenticator authenticator;

    private String username;
    private final String password = "s3cret-Pa55";

    @BeforeEach
    void addUser() throws Exception {
        username = BrokerPorts.uniqueId("user");
        users.put(username, password.toCharArray(), false).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void removeUser() throws Exception {
        users.remove(username).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    // ---- username and password ----------------------------------------------------------------------------------

    @Test
    @DisplayName("the right password is accepted (v5 and 3.1.1)")
    void correctPasswordIsAccepted() {
        Mqtt5BlockingClient v5 = broker.v5Blocking(BrokerPorts.uniqueId("auth-ok5"));
        Mqtt5ConnAck ack = v5.connectWith().simpleAuth().username(username)
                .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(ack.getEnhancedAuth()).as("[MQTT-4.12.0-6] no Authentication Method").isEmpty();
        v5.disconnect();

        Mqtt3BlockingClient v3 = broker.v3Blocking(BrokerPorts.uniqueId("auth-ok3"));
        assertThat(v3.connectWith().simpleAuth().username(username)
                .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send().getReturnCode())
                .isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        v3.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-2] a wrong password is refused with 0x86 Bad User Name or Password (v5)")
    void wrongPasswordIsRefusedOnV5() {
        assertV5Refused(username, "wrong", Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    @DisplayName("[MQTT-3.1.4-5] [MQTT-3.1.4-6] packets sent right behind a CONNECT that is refused (bad password) are "
            + "not processed: a retained PUBLISH is neither delivered nor retained, and nothing but the CONNACK comes "
            + "back (v5 and 3.1.1)")
    void packetsSentBehindARefusedConnectAreNotProcessed() throws Exception {
        for (MqttVersion version : new MqttVersion[]{MqttVersion.MQTT_5, MqttVersion.MQTT_3_1_1}) {
            String topic = BrokerPorts.uniqueId("refused") + "/t";
            Mqtt5BlockingClient watcher = broker.v5Blocking(BrokerPorts.uniqueId("refused-watch"));
            watcher.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes seen = watcher.publishes(
                    com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                watcher.subscribeWith().topicFilter(topic).qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                        .send();
                java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
                burst.writeBytes(RawPackets.encode(version, MqttMessageBuilders.connect().protocolVersion(version)
                        .clientId(BrokerPorts.uniqueId("refused")).cleanSession(true).keepAlive(60)
                        .username(username).password("wrong".getBytes(StandardCharsets.UTF_8)).build()));
                burst.writeBytes(RawPackets.encode(version, new io.netty.handler.codec.mqtt.MqttPublishMessage(
                        new io.netty.handler.codec.mqtt.MqttFixedHeader(MqttMessageType.PUBLISH, false,
                                io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE, true, 0),
                        new io.netty.handler.codec.mqtt.MqttPublishVariableHeader(topic, 1, MqttProperties.NO_PROPERTIES),
                        io.netty.buffer.Unpooled.wrappedBuffer("sneaked in".getBytes(StandardCharsets.UTF_8)))));
                burst.writeBytes(RawPackets.encode(version, RawPackets.subscribe(2, null, topic, RawPackets.qos(1))));
                try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), version)) {
                    raw.sendBytes(burst.toByteArray()); // one write: all of it is read before the refusal
                    MqttMessage first = raw.receive(WAIT);
                    assertThat(first).as("%s CONNACK", version).isNotNull();
                    assertThat(first.fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
                    assertThat(((io.netty.handler.codec.mqtt.MqttConnAckMessage) first).variableHeader()
                            .connectReturnCode().byteValue() & 0xff).as("refused")
                            .isEqualTo(version == MqttVersion.MQTT_5 ? 0x86 : 0x04);
                    assertThat(raw.awaitClosed(WAIT)).isTrue();
                    assertThat(raw.receive(Duration.ZERO)).as("%s: no PUBACK, no SUBACK", version).isNull();
                }
                assertThat(seen.receive(1, TimeUnit.SECONDS)).as("%s: the PUBLISH was not routed", version).isEmpty();
            } finally {
                watcher.disconnect();
            }
            Mqtt5BlockingClient late = broker.v5Blocking(BrokerPorts.uniqueId("refused-late"));
            late.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes retained = late.publishes(
                    com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                late.subscribeWith().topicFilter(topic).send();
                assertThat(retained.receive(PublishTests.QUIET_MS, TimeUnit.MILLISECONDS))
                        .as("%s: nothing was retained", version).isEmpty();
            } finally {
                late.disconnect();
            }
        }
    }

    @Test
    @DisplayName("a wrong password is refused with return code 4 (3.1.1)")
    void wrongPasswordIsRefusedOnV311() {
        assertV3Refused(username, "wrong", Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    @DisplayName("an unknown user is refused like a wrong password: 0x86 (v5), 4 (3.1.1)")
    void unknownUserIsRefused() {
        String nobody = BrokerPorts.uniqueId("nobody");
        assertV5Refused(nobody, password, Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertV3Refused(nobody, password, Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    @DisplayName("anonymous clients are refused with 0x87 (v5) / 5 (3.1.1) when anonymous access is off")
    void anonymousIsRefusedWhenNotAllowed() {
        boolean before = authenticator.allowAnonymous();
        authenticator.setAllowAnonymous(false);
        try {
            Mqtt5BlockingClient v5 = broker.v5Blocking(BrokerPorts.uniqueId("anon5"));
            assertThatThrownBy(v5::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
            Mqtt3BlockingClient v3 = broker.v3Blocking(BrokerPorts.uniqueId("anon3"));
            assertThatThrownBy(v3::connect).isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                    assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        } finally {
            authenticator.setAllowAnonymous(before);
        }
    }

    // ---- enhanced authentication: SCRAM-SHA-256 -----------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-4.12.0-2] [MQTT-4.12.0-3] SCRAM-SHA-256: a full exchange succeeds and the server proves its identity")
    void scramExchangeSucceeds() {
        ScramMechanism scram = new ScramMechanism(ScramSha256Mechanism.METHOD, username, password);
        Mqtt5BlockingClient client = broker.v5(BrokerPorts.uniqueId("scram")).enhancedAuth(scram).buildBlocking();
        Mqtt5ConnAck ack = client.connect();
        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(ack.getEnhancedAuth()).isPresent();
        assertThat(ack.getEnhancedAuth().get().getMethod().toString()).isEqualTo(ScramSha256Mechanism.METHOD);
        assertThat(scram.serverVerified).as("server-final verified").isEqualTo(1);
        client.disconnect();
    }

    @Test
    @DisplayName("SCRAM-SHA-256 with a wrong password is refused with 0x86")
    void scramWithWrongPasswordIsRefused() {
        ScramMechanism scram = new ScramMechanism(ScramSha256Mechanism.METHOD, username, "not-the-password");
        Mqtt5BlockingClient client = broker.v5(BrokerPorts.uniqueId("scram-bad")).enhancedAuth(scram).buildBlocking();
        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    @DisplayName("[MQTT-4.12.0-1] an unknown authentication method is refused with 0x8C Bad authentication method")
    void unknownAuthenticationMethodIsRefused() {
        ScramMechanism unknown = new ScramMechanism("KIN-NO-SUCH-METHOD", username, password);
        Mqtt5BlockingClient client = broker.v5(BrokerPorts.uniqueId("method")).enhancedAuth(unknown).buildBlocking();
        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD));
    }

    @Test
    @DisplayName("[MQTT-4.12.1-1] re-authentication (AUTH 0x19) with SCRAM-SHA-256 succeeds on a live connection")
    void reauthenticationSucceeds() {
        ScramMechanism scram = new ScramMechanism(ScramSha256Mechanism.METHOD, username, password);
        Mqtt5BlockingClient client = broker.v5(BrokerPorts.uniqueId("reauth")).enhancedAuth(scram).buildBlocking();
        client.connect();
        client.reauth();
        assertThat(scram.serverVerified).as("both exchanges verified").isEqualTo(2);
        assertThat(client.getState().isConnected()).isTrue();
        client.disconnect();
    }

    @Test
    @DisplayName("[MQTT-4.12.1-2] re-authentication with a wrong proof disconnects the client (raw AUTH)")
    void failedReauthenticationDisconnects() throws Exception {
        // connect with SCRAM at packet level, then start a re-authentication that answers with a bad proof
        String clientId = BrokerPorts.uniqueId("reauth-raw");
        ScramClient first = new ScramClient(username, password);
        MqttProperties connectProps = authProps(first.clientFirst());
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, clientId, true, 60,
                connectProps)) {
            MqttMessage auth = raw.receive(MqttMessageType.AUTH, WAIT);
            assertThat(auth).isNotNull();
            raw.send(authPacket(0x18, first.clientFinal(authData(auth))));
            assertThat(raw.receive(MqttMessageType.CONNACK, WAIT)).isNotNull();

            ScramClient again = new ScramClient(username, "not-the-password");
            raw.send(authPacket(0x19, again.clientFirst()));
            MqttMessage cont = raw.receive(MqttMessageType.AUTH, WAIT);
            assertThat(cont).isNotNull();
            raw.send(authPacket(0x18, again.clientFinal(authData(cont))));
            MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).isNotNull();
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode() & 0xff)
                    .isGreaterThanOrEqualTo(0x80);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-2] a packet other than AUTH during the exchange closes the connection, with no "
            + "DISCONNECT before CONNACK [MQTT-3.14.0-1]")
    void packetDuringTheExchangeClosesTheConnection() throws Exception {
        ScramClient scram = new ScramClient(username, password);
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5,
                BrokerPorts.uniqueId("mid-auth"), true, 60, authProps(scram.clientFirst()))) {
            assertThat(raw.receive(MqttMessageType.AUTH, WAIT)).isNotNull();
            raw.send(MqttMessageBuilders.publish().topicName("auth/early").qos(io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(new byte[]{1})).build());
            assertThat(raw.awaitClosed(WAIT)).as("closed").isTrue();
            MqttMessage answer;
            while ((answer = raw.receive(Duration.ZERO)) != null) {
                assertThat(answer.fixedHeader().messageType()).as("no DISCONNECT before CONNACK")
                        .isNotEqualTo(MqttMessageType.DISCONNECT);
                if (answer instanceof io.netty.handler.codec.mqtt.MqttConnAckMessage ack) {
                    assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff)
                            .isGreaterThanOrEqualTo(0x80);
                }
            }
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-6] [MQTT-4.12.0-7] without an Authentication Method at CONNECT there is none in "
            + "CONNACK, and an AUTH from the client is a protocol error")
    void authWithoutEnhancedAuthenticationIsAProtocolError() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5,
                BrokerPorts.uniqueId("plain-auth"), true, 60, null)) {
            var ack = (io.netty.handler.codec.mqtt.MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack.variableHeader().properties()
                    .getProperty(MqttPropertyType.AUTHENTICATION_METHOD.value())).isNull();
            raw.send(authPacket(0x19, "n,,n=" + username + ",r=abc"));
            MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).isNotNull();
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void assertV5Refused(String user, String pass, Mqtt5ConnAckReasonCode expected) {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("auth5"));
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username(user)
                .password(pass.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(expected));
    }

    private void assertV3Refused(String user, String pass, Mqtt3ConnAckReturnCode expected) {
        Mqtt3BlockingClient client = broker.v3Blocking(BrokerPorts.uniqueId("auth3"));
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username(user)
                .password(pass.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(expected));
    }

    private static MqttProperties authProps(String data) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.StringProperty(MqttPropertyType.AUTHENTICATION_METHOD.value(),
                ScramSha256Mechanism.METHOD));
        p.add(new MqttProperties.BinaryProperty(MqttPropertyType.AUTHENTICATION_DATA.value(),
                data.getBytes(StandardCharsets.UTF_8)));
        return p;
    }

    private static MqttMessage authPacket(int reason, String data) {
        return MqttMessageBuilders.auth().reasonCode((byte) reason).properties(authProps(data)).build();
    }

    private static String authData(MqttMessage auth) {
        MqttProperties p = ((MqttReasonCodeAndPropertiesVariableHeader) auth.variableHeader()).properties();
        return new String((byte[]) p.getProperty(MqttPropertyType.AUTHENTICATION_DATA.value()).value(),
                StandardCharsets.UTF_8);
    }

    /** The client side of SCRAM-SHA-256 as a HiveMQ enhanced authentication mechanism; a new exchange per (re)auth. */
    static final class ScramMechanism implements Mqtt5EnhancedAuthMechanism {

        private final String method;
        private final String username;
        private final String password;
        private ScramClient exchange;
        /** Exchanges whose server-final message proved the server knows the password. */
        volatile int serverVerified;
        final AtomicInteger rejected = new AtomicInteger();

        ScramMechanism(String method, String username, String password) {
            this.method = method;
            this.username = username;
            this.password = password;
        }

        @Override
        public MqttUtf8String getMethod() {
            return MqttUtf8String.of(method);
        }

        @Override
        public int getTimeout() {
            return 30;
        }

        @Override
        public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect,
                                              Mqtt5EnhancedAuthBuilder auth) {
            exchange = new ScramClient(username, password);
            auth.data(exchange.clientFirst().getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder auth) {
            exchange = new ScramClient(username, password);
            auth.data(exchange.clientFirst().getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth,
                                                     Mqtt5AuthBuilder authBuilder) {
            Optional<String> serverFirst = data(auth.getData());
            if (serverFirst.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            try {
                authBuilder.data(exchange.clientFinal(serverFirst.get()).getBytes(StandardCharsets.UTF_8));
                return CompletableFuture.completedFuture(true);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
            return CompletableFuture.completedFuture(
                    verifyServerFinal(connAck.getEnhancedAuth().flatMap(a -> data(a.getData()))));
        }

        @Override
        public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
            return CompletableFuture.completedFuture(verifyServerFinal(data(auth.getData())));
        }

        private boolean verifyServerFinal(Optional<String> serverFinal) {
            try {
                boolean ok = serverFinal.isPresent() && serverFinal.get().equals(exchange.expectedServerFinal());
                if (ok) {
                    serverVerified++;
                }
                return ok;
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
            rejected.incrementAndGet();
        }

        @Override
        public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
            rejected.incrementAndGet();
        }

        @Override
        public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
        }

        @Override
        public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
        }

        private static Optional<String> data(Optional<ByteBuffer> buffer) {
            return buffer.map(b -> {
                ByteBuffer copy = b.duplicate();
                byte[] bytes = new byte[copy.remaining()];
                copy.get(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            });
        }
    }

    /** SCRAM-SHA-256 client messages (RFC 5802 section 3, no channel binding). */
    static final class ScramClient {

        private static final SecureRandom RANDOM = new SecureRandom();

        private final String username;
        private final String password;
        private final String clientNonce;
        private String clientFirstBare;
        private String authMessage;
        private byte[] saltedPassword;

        ScramClient(String username, String password) {
            this.username = username;
            this.password = password;
            byte[] nonce = new byte[18];
            RANDOM.nextBytes(nonce);
            this.clientNonce = Base64.getEncoder().encodeToString(nonce);
        }

        String clientFirst() {
            clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
            return "n,," + clientFirstBare;
        }

        String clientFinal(String serverFirst) throws Exception {
            String nonce = attribute(serverFirst, "r");
            if (!nonce.startsWith(clientNonce)) {
                throw new IllegalStateException("server nonce does not extend ours");
            }
            byte[] salt = Base64.getDecoder().decode(attribute(serverFirst, "s"));
            int iterations = Integer.parseInt(attribute(serverFirst, "i"));
            String withoutProof = "c=biws,r=" + nonce;
            authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        String expectedServerFinal() throws Exception {
            byte[] serverKey = hmac(saltedPassword, "Server Key");
            return "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
        }

        private static String attribute(String message, String name) {
            for (String part : message.split(",")) {
                if (part.startsWith(name + "=")) {
                    return part.substring(name.length() + 1);
                }
            }
            throw new IllegalArgumentException("no " + name + " in " + message);
        }

        private static byte[] hmac(byte[] key, String data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
    }
}
