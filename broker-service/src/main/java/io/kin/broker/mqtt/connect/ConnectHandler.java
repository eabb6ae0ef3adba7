package io.kin.broker.mqtt.connect;

import io.kin.broker.auth.AuthResult;
import io.kin.broker.auth.AuthStep;
import io.kin.broker.auth.ClientIdentity;
import io.kin.broker.auth.ConnectCredentials;
import io.kin.broker.auth.EnhancedAuthExchange;
import io.kin.broker.auth.EnhancedAuthMechanism;
import io.kin.broker.config.BrokerConfig;
import io.kin.broker.events.BrokerEvent;
import io.kin.broker.message.Message;
import io.kin.broker.message.MessageIds;
import io.kin.broker.message.MessageProperties;
import io.kin.broker.mqtt.ClientInfo;
import io.kin.broker.mqtt.MqttConnection;
import io.kin.broker.mqtt.MqttConnections;
import io.kin.broker.mqtt.ProtocolViolation;
import io.kin.broker.mqtt.ServerRedirection;
import io.kin.broker.mqtt.V5Properties;
import io.kin.broker.routing.TopicNames;
import io.kin.broker.session.SessionRegistry;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.UUID;

/**
 * CONNECT and AUTH (MQTT 3.1.4 / 4.12): client identifier rules and assignment, server redirection, plain and
 * enhanced authentication, will validation, session open or takeover, and the CONNACK with what the server settled.
 */
public final class ConnectHandler {

    private static final Logger LOG = Logger.getLogger(ConnectHandler.class);

    private final MqttConnection connection;
    private final MqttConnections.Services services;

    /** The CONNECT being processed, kept while authentication is in progress. */
    private Pending pending;
    /** The enhanced authentication exchange in progress (at connect or a re-authentication). */
    private EnhancedAuthExchange exchange;
    private String authMethod;
    /** Request Problem Information of the CONNECT: whether a refusal may carry a reason string [MQTT-3.1.2-29]. */
    private boolean problemInformation = true;
    /** Protocol level of the CONNECT (3 = 3.1, 4 = 3.1.1, 5 = 5.0). */
    private int version;

    /** MQTT 3.1 client identifiers are 1 to 23 characters long (MQTT 3.1, section 3.1, "Client Identifier"). */
    static final int MQTT31_MAX_CLIENT_ID_LENGTH = 23;

    private record Pending(int version, String clientId, boolean assigned, boolean cleanStart, int keepAlive,
                           long sessionExpiry, int receiveMaximum, int maximumPacketSize, int topicAliasMaximum,
                           boolean problemInfo, boolean responseInfo, String username, Will will) {
    }

    public ConnectHandler(MqttConnection connection, MqttConnections.Services services) {
        this.connection = connection;
        this.services = services;
    }

    public void connect(MqttConnectMessage msg) {
        MqttConnectVariableHeader header = msg.variableHeader();
        MqttConnectPayload payload = msg.payload();
        int version = header.version();
        this.version = version;
        boolean v5 = version == 5;
        connection.protocolVersionKnown(version);
        BrokerConfig.Mqtt cfg = services.config().mqtt();
        MqttProperties props = v5 ? header.properties() : MqttProperties.NO_PROPERTIES;
        Integer rpi = V5Properties.integer(props, MqttPropertyType.REQUEST_PROBLEM_INFORMATION);
        problemInformation = rpi == null || rpi != 0; // read first: it applies to every refusal below

        String malformed = malformedFlags(header);
        if (malformed != null) {
            // [MQTT-3.1.4-1] a CONNECT that breaks the format is closed; MQTT 3 without CONNACK
            LOG.debugf("CONNECT from %s is malformed: %s", connection.remoteAddress(), malformed);
            if (v5) {
                refuse(true, 0x81, 0, malformed, null);
            } else {
                connection.close();
            }
            return;
        }

        if (connection.overLimit()) {
            // the listener is at kin.mqtt.max-connections: "an implementation or administrative imposed limit"
            // (0x97, MQTT 5 section 3.2.2.2); MQTT 3 has no such code, server unavailable comes closest
            refuse(v5, 0x97, 0x03, "connection limit reached", null);
            return;
        }
        if (!connection.admitConnect()) {
            // more CONNECTs than kin.mqtt.max-connect-rate: try again later
            refuse(v5, 0x89, 0x03, "server busy", null);
            return;
        }

        Optional<ServerRedirection.Target> redirect = services.redirection().target();
        if (redirect.isPresent()) {
            MqttProperties p = new MqttProperties();
            V5Properties.add(p, MqttPropertyType.SERVER_REFERENCE, redirect.get().serverReference());
            refuse(v5, redirect.get().permanent() ? 0x9D : 0x9C, 0x03, "redirected", p);
            return;
        }

        String clientId = payload.clientIdentifier() == null ? "" : payload.clientIdentifier();
        boolean cleanStart = header.isCleanSession();
        boolean assigned = false;
        if (clientId.isEmpty()) {
            // 3.1 needs an id; 3.1.1 allows none only with a clean session [MQTT-3.1.3-7]; 5 gets one assigned
            if (version == 3 || (version == 4 && !cleanStart)) {
                refuse(false, 0, 0x02, "client identifier required", null);
                return;
            }
            clientId = "kin-" + UUID.randomUUID();
            assigned = true;
        } else if (clientId.length() > cfg.maxClientIdLength()) {
            // ill-formed UTF-8 and U+0000 never get here: MqttFramer refuses them as a malformed packet
            refuse(v5, 0x85, 0x02, "client identifier not valid", null);
            return;
        } else if (version == 3 && cfg.mqtt31StrictClientId()
                && clientId.codePointCount(0, clientId.length()) > MQTT31_MAX_CLIENT_ID_LENGTH) {
            refuse(false, 0, 0x02, "MQTT 3.1 client identifiers are 1 to 23 characters", null);
            return;
        }
        if (!assigned && services.bans().clientIdBanned(clientId)) {
            refuse(v5, 0x8A, 0x05, "banned", null);
            return;
        }

        int receiveMaximum = 65535;
        int maximumPacketSize = Integer.MAX_VALUE;
        int topicAliasMaximum = 0;
        boolean problemInfo = problemInformation;
        boolean responseInfo = false;
        long sessionExpiry;
        if (v5) {
            Integer rm = V5Properties.integer(props, MqttPropertyType.RECEIVE_MAXIMUM);
            Long mps = V5Properties.unsigned(props, MqttPropertyType.MAXIMUM_PACKET_SIZE);
            if ((rm != null && rm == 0) || (mps != null && mps == 0)) {
                refuse(true, 0x82, 0, "Receive Maximum and Maximum Packet Size must not be 0", null);
                return;
            }
            receiveMaximum = rm == null ? 65535 : rm;
            maximumPacketSize = mps == null ? Integer.MAX_VALUE : (int) Math.min(mps, Integer.MAX_VALUE);
            Integer tam = V5Properties.integer(props, MqttPropertyType.TOPIC_ALIAS_MAXIMUM);
            topicAliasMaximum = tam == null ? 0 : tam;
            Integer rri = V5Properties.integer(props, MqttPropertyType.REQUEST_RESPONSE_INFORMATION);
            responseInfo = rri != null && rri == 1;
            Long se = V5Properties.unsigned(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL);
            sessionExpiry = se == null ? 0 : se;
        } else {
            // MQTT 3 persistent sessions live as long as the configured maximum
            sessionExpiry = cleanStart ? 0 : cfg.maxSessionExpiry();
        }

        Will will = null;
        if (header.isWillFlag()) {
            String willTopic = payload.willTopic();
            if (!TopicNames.isValidTopicName(willTopic)) {
                refuse(v5, 0x90, 0x02, "will topic not valid", null);
                return;
            }
            if (header.willQos() > cfg.maxQos()) {
                refuse(v5, 0x9B, 0x05, "will QoS not supported", null);
                return;
            }
            if (header.isWillRetain() && !cfg.retainAvailable()) {
                refuse(v5, 0x9A, 0x05, "retain not supported", null);
                return;
            }
            MqttProperties wp = v5 ? payload.willProperties() : MqttProperties.NO_PROPERTIES;
            MessageProperties mp = V5Properties.messageProperties(wp);
            if (mp.responseTopic() != null && !TopicNames.isValidTopicName(mp.responseTopic())) {
                // the will's Response Topic is a topic name like that of a PUBLISH [MQTT-3.3.2-14]: a well-formed
                // packet with data the protocol does not allow is a Protocol Error
                refuse(v5, 0x82, 0x02, "will response topic not valid", null);
                return;
            }
            byte[] willPayload = payload.willMessageInBytes() == null ? new byte[0] : payload.willMessageInBytes();
            if (mp.payloadFormatIndicator() != null && mp.payloadFormatIndicator() == 1 && !io.kin.broker.message.PayloadFormat.isUtf8(willPayload)) {
                refuse(v5, 0x99, 0x02, "will payload is not UTF-8", null);
                return;
            }
            Long delay = V5Properties.unsigned(wp, MqttPropertyType.WILL_DELAY_INTERVAL);
            Long expiry = V5Properties.unsigned(wp, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL);
            long now = System.currentTimeMillis();
            String username = header.hasUserName() ? payload.userName() : null;
            Message m = new Message(MessageIds.next(), willTopic, willPayload, header.willQos(), header.isWillRetain(),
                    mp, clientId, username, now, expiry == null ? 0 : now + expiry * 1000);
            will = new Will(m, delay == null ? 0 : delay);
        }

        String username = header.hasUserName() ? payload.userName() : null;
        pending = new Pending(version, clientId, assigned, cleanStart, header.keepAliveTimeSeconds(), sessionExpiry,
                receiveMaximum, maximumPacketSize, topicAliasMaximum, problemInfo, responseInfo, username, will);

        String method = v5 ? V5Properties.string(props, MqttPropertyType.AUTHENTICATION_METHOD) : null;
        if (method != null) {
            Optional<EnhancedAuthMechanism> mechanism = services.mechanisms().find(method);
            if (mechanism.isEmpty()) {
                refuse(true, 0x8C, 0, "authentication method not supported", null);
                return;
            }
            authMethod = method;
            exchange = mechanism.get().start(clientId);
            byte[] data = V5Properties.binary(props, MqttPropertyType.AUTHENTICATION_DATA);
            step(exchange.next(data == null ? new byte[0] : data), false);
            return;
        }
        // packets the client sends meanwhile wait until the outcome is known
        connection.pauseReading();
        byte[] password = header.hasPassword() ? payload.passwordInBytes() : null;
        Future<AuthResult> result;
        try {
            result = services.authenticator().authenticate(
                    new ConnectCredentials(clientId, username, password, connection.remoteAddress()));
        } catch (RuntimeException e) {
            result = Future.failedFuture(e); // an authenticator that throws instead of failing its future
        }
        // the authenticator may complete on any thread: the outcome is handled on the connection's event loop
        result.onComplete(ar -> connection.onLoop(() -> guarded(() -> {
            connection.resumeReading();
            if (!connection.isOpen()) {
                return;
            }
            if (ar.failed() || ar.result() == null) {
                // no decision could be made (a store or directory is down): not the client's fault
                LOG.warnf(ar.cause(), "authentication of %s failed with an error", pending.clientId());
                refuse(pending.version() == 5, 0x80, 0x03, "authentication unavailable", null);
            } else if (!ar.result().success()) {
                AuthResult r = ar.result();
                refuse(pending.version() == 5, r.failure().v5ReasonCode(), r.failure().v3ReturnCode(), r.reason(),
                        null);
            } else {
                accept(ar.result().username() != null ? ar.result().username() : pending.username(), null);
            }
        })));
    }

    /** An AUTH packet while the connection is still being authenticated. */
    public void auth(MqttMessage packet) {
        byte[] data = authData(packet, true);
        step(exchange.next(data), false);
    }

    /** AUTH with reason 0x19 after CONNACK: re-authentication with the method of CONNECT [MQTT-4.12.1-1]. */
    public void reauthenticate(MqttMessage packet) {
        if (authMethod == null) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "AUTH without enhanced authentication at CONNECT");
        }
        MqttReasonCodeAndPropertiesVariableHeader h = (MqttReasonCodeAndPropertiesVariableHeader) packet.variableHeader();
        int reason = h.reasonCode() & 0xff;
        byte[] data = authData(packet, false);
        if (reason == 0x19) {
            EnhancedAuthMechanism mechanism = services.mechanisms().find(authMethod).orElseThrow();
            exchange = mechanism.start(connection.client().clientId());
        } else if (reason != 0x18 || exchange == null) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "unexpected AUTH reason code");
        }
        step(exchange.next(data), true);
    }

    private byte[] authData(MqttMessage packet, boolean duringConnect) {
        MqttReasonCodeAndPropertiesVariableHeader h = (MqttReasonCodeAndPropertiesVariableHeader) packet.variableHeader();
        MqttProperties props = h.properties();
        String method = V5Properties.string(props, MqttPropertyType.AUTHENTICATION_METHOD);
        if (method == null || !method.equals(authMethod)) {
            // [MQTT-4.12.0-5] the method must not change within an exchange
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "authentication method changed");
        }
        if (duringConnect && (h.reasonCode() & 0xff) != 0x18) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "AUTH must continue (0x18)");
        }
        byte[] data = V5Properties.binary(props, MqttPropertyType.AUTHENTICATION_DATA);
        return data == null ? new byte[0] : data;
    }

    private void step(Future<AuthStep> next, boolean reauth) {
        connection.pauseReading();
        next.onComplete(ar -> connection.onLoop(() -> guarded(() -> {
            connection.resumeReading();
            if (!connection.isOpen()) {
                return;
            }
            AuthStep step = ar.succeeded() ? ar.result()
                    : new AuthStep.Failure(io.kin.broker.auth.AuthFailure.NOT_AUTHORIZED, "authentication error");
            if (step instanceof AuthStep.Continue c) {
                connection.send(authPacket(0x18, c.serverData()));
            } else if (step instanceof AuthStep.Success s) {
                exchange = null;
                if (reauth) {
                    connection.send(authPacket(0x00, s.serverData()));
                } else {
                    accept(s.username(), s.serverData());
                }
            } else if (step instanceof AuthStep.Failure f) {
                exchange = null;
                if (reauth) {
                    connection.disconnect(MqttReasonCodes.Disconnect.NOT_AUTHORIZED, f.reason());
                } else {
                    refuse(true, f.failure().v5ReasonCode(), f.failure().v3ReturnCode(), f.reason(), null);
                }
            }
        })));
    }

    /**
     * Runs a step of the CONNECT (or AUTH) that continues in a callback, where an exception would go nowhere and
     * leave the client waiting for its CONNACK. A failure refuses the client with 0x80 (MQTT 3: return code 3,
     * server unavailable), or disconnects it with 0x80 once it is connected.
     */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "failure handling the CONNECT of %s", connection);
            if (!connection.isOpen()) {
                return;
            }
            if (connection.client() != null) {
                connection.disconnect(MqttReasonCodes.Disconnect.UNSPECIFIED_ERROR, "internal error");
            } else {
                refuse(version == 5, 0x80, 0x03, "internal error", null);
            }
        }
    }

    private MqttMessage authPacket(int reason, byte[] data) {
        MqttProperties p = new MqttProperties();
        V5Properties.add(p, MqttPropertyType.AUTHENTICATION_METHOD, authMethod);
        if (data != null && data.length > 0) {
            V5Properties.add(p, MqttPropertyType.AUTHENTICATION_DATA, data);
        }
        return MqttMessageBuilders.auth().reasonCode((byte) reason).properties(p).build();
    }

    private void accept(String username, byte[] serverAuthData) {
        Pending c = pending;
        pending = null;
        BrokerConfig.Mqtt cfg = services.config().mqtt();
        boolean v5 = c.version() == 5;
        ClientIdentity identity = new ClientIdentity(c.clientId(), username);
        if (services.bans().usernameBanned(username)) {
            refuse(v5, 0x8A, 0x05, "banned", null);
            return;
        }
        if (c.will() != null && !services.authorizer().canPublish(identity, c.will().message().topic())) {
            refuse(v5, 0x87, 0x05, "not authorized to publish the will", null);
            return;
        }
        int keepAlive = c.keepAlive();
        boolean serverKeepAlive = false;
        if (cfg.maxKeepAlive() > 0 && (keepAlive == 0 || keepAlive > cfg.maxKeepAlive()) && v5) {
            keepAlive = cfg.maxKeepAlive();
            serverKeepAlive = true;
        }
        long expiry = Math.min(c.sessionExpiry(), cfg.maxSessionExpiry());

        // in a cluster the node that held the session lets it go first (it disconnects the client there, 0x8E)
        connection.pauseReading();
        int claimedKeepAlive = keepAlive;
        boolean claimedServerKeepAlive = serverKeepAlive;
        services.ownership().claim(c.clientId(), c.cleanStart())
                .onComplete(ar -> connection.onLoop(() -> guarded(() -> {
            connection.resumeReading();
            if (!connection.isOpen()) {
                return;
            }
            if (ar.failed()) {
                LOG.warnf("session of %s could not be claimed: %s", c.clientId(), ar.cause().toString());
                refuse(v5, 0x88, 0x03, "session unavailable", null);
                return;
            }
            open(c, username, serverAuthData, expiry, claimedKeepAlive, claimedServerKeepAlive);
        })));
    }

    private void open(Pending c, String username, byte[] serverAuthData, long expiry, int keepAlive,
                      boolean serverKeepAlive) {
        boolean v5 = c.version() == 5;
        SessionRegistry.Opened opened = services.sessions().open(c.clientId(), c.cleanStart(), expiry, username,
                c.version());
        // after open: a close of the previous connection handled meanwhile on another event loop either armed its
        // delayed will already (found here) or sees the session replaced and publishes it itself (WillMessages)
        services.wills().reconnected(c.clientId(), !c.cleanStart());
        if (opened.previous() != null) {
            opened.previous().takenOver(!c.cleanStart());
        }
        // a persistent session is stored before CONNACK: a client told "session present" must find it after a crash
        connection.pauseReading();
        int settledKeepAlive = keepAlive;
        boolean settledServerKeepAlive = serverKeepAlive;
        opened.durable().onComplete(ar -> connection.onLoop(() -> guarded(() -> {
            connection.resumeReading();
            if (!connection.isOpen()) {
                return;
            }
            if (ar.failed()) {
                LOG.warnf("session of %s could not be stored: %s", c.clientId(), ar.cause().toString());
                refuse(v5, 0x88, 0x03, "session store unavailable", null);
                return;
            }
            connack(c, username, serverAuthData, opened, expiry, settledKeepAlive, settledServerKeepAlive);
        })));
    }

    private void connack(Pending c, String username, byte[] serverAuthData, SessionRegistry.Opened opened,
                         long expiry, int keepAlive, boolean serverKeepAlive) {
        BrokerConfig.Mqtt cfg = services.config().mqtt();
        boolean v5 = c.version() == 5;
        MqttProperties props = new MqttProperties();
        if (v5) {
            if (expiry != c.sessionExpiry()) {
                V5Properties.add(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL, (int) expiry);
            }
            if (cfg.receiveMaximum() < 65535) {
                V5Properties.add(props, MqttPropertyType.RECEIVE_MAXIMUM, cfg.receiveMaximum());
            }
            if (cfg.maxQos() < 2) {
                V5Properties.add(props, MqttPropertyType.MAXIMUM_QOS, cfg.maxQos());
            }
            if (!cfg.retainAvailable()) {
                V5Properties.add(props, MqttPropertyType.RETAIN_AVAILABLE, 0);
            }
            V5Properties.add(props, MqttPropertyType.MAXIMUM_PACKET_SIZE, connection.maxPacketSize());
            if (c.assigned()) {
                V5Properties.add(props, MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER, c.clientId());
            }
            if (cfg.topicAliasMaximum() > 0) {
                V5Properties.add(props, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, cfg.topicAliasMaximum());
            }
            if (serverKeepAlive) {
                V5Properties.add(props, MqttPropertyType.SERVER_KEEP_ALIVE, keepAlive);
            }
            if (c.responseInfo()) {
                V5Properties.add(props, MqttPropertyType.RESPONSE_INFORMATION, "response/" + c.clientId());
            }
            if (authMethod != null) {
                V5Properties.add(props, MqttPropertyType.AUTHENTICATION_METHOD, authMethod);
                if (serverAuthData != null && serverAuthData.length > 0) {
                    V5Properties.add(props, MqttPropertyType.AUTHENTICATION_DATA, serverAuthData);
                }
            }
        }
        MqttConnAckMessage connack = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(opened.present())
                .properties(props)
                .build();

        ClientInfo info = new ClientInfo(c.clientId(), username, c.version(), c.cleanStart(), keepAlive,
                c.receiveMaximum(), c.maximumPacketSize(), c.topicAliasMaximum(), c.problemInfo(), c.responseInfo(),
                c.assigned(), System.currentTimeMillis());
        connection.connected(info, opened.session(), c.will());
        connection.keepAlive(keepAlive);
        connection.send(connack);
        opened.session().attach(connection, username);
        services.stats().clientConnected();
        services.events().emit(new BrokerEvent.ClientConnected(c.clientId(), username, connection.remoteAddress(),
                c.version(), c.cleanStart(), keepAlive, info.connectedAt()));
        LOG.debugf("client %s connected (MQTT %s, session %s)", c.clientId(), versionName(c.version()),
                opened.present() ? "resumed" : "new");
        connection.applyAutoSubscriptions();
    }

    private void refuse(boolean v5, int v5Code, int v3Code, String reason, MqttProperties extra) {
        MqttProperties props = extra == null ? new MqttProperties() : extra;
        int code = v5 ? v5Code : v3Code;
        if (v5 && reason != null && problemInformation) {
            V5Properties.add(props, MqttPropertyType.REASON_STRING, reason);
        }
        LOG.debugf("CONNECT from %s refused: %s (0x%s)", connection.remoteAddress(), reason,
                Integer.toHexString(code));
        pending = null;
        connection.sendAndClose(MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.valueOf((byte) code))
                .sessionPresent(false)
                .properties(v5 ? props : MqttProperties.NO_PROPERTIES)
                .build());
    }

    /**
     * What is wrong with the connect flags, or null: will QoS or will retain without a will [MQTT-3.1.2-11]
     * [MQTT-3.1.2-13], will QoS 3 [MQTT-3.1.2-12], or before MQTT 5 a password without a user name [MQTT-3.1.2-22].
     */
    private static String malformedFlags(MqttConnectVariableHeader header) {
        if (!header.isWillFlag() && (header.willQos() != 0 || header.isWillRetain())) {
            return "will QoS or will retain set without a will";
        }
        if (header.isWillFlag() && header.willQos() > 2) {
            return "will QoS 3";
        }
        if (header.version() < 5 && header.hasPassword() && !header.hasUserName()) {
            return "password without a user name";
        }
        return null;
    }

    private static String versionName(int version) {
        return switch (version) {
            case 3 -> "3.1";
            case 4 -> "3.1.1";
            default -> "5.0";
        };
    }
}
