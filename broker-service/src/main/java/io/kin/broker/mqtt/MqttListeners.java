package io.kin.broker.mqtt;

import io.kin.broker.config.BrokerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The node's MQTT listeners: TCP, WebSocket and, when a certificate is configured, their TLS variants.
 * Each listener runs one server instance per event loop so connections spread over the cores.
 */
@ApplicationScoped
public class MqttListeners {

    private static final Logger LOG = Logger.getLogger(MqttListeners.class);

    public enum Kind { TCP, WS, TLS, WSS }

    private final Vertx vertx;
    private final BrokerConfig config;
    private final MqttConnections connections;
    private final List<MqttServer> servers = new ArrayList<>();
    private final Map<Kind, Integer> boundPorts = new ConcurrentHashMap<>();

    MqttListeners(Vertx vertx, BrokerConfig config, MqttConnections connections) {
        this.vertx = vertx;
        this.config = config;
        this.connections = connections;
    }

    void start(@Observes StartupEvent ev) throws Exception {
        BrokerConfig.Mqtt mqtt = config.mqtt();
        listen(Kind.TCP, mqtt.port());
        if (mqtt.wsPort() >= 0) {
            listen(Kind.WS, mqtt.wsPort());
        }
        if (mqtt.tls().certPath().isPresent() && mqtt.tls().keyPath().isPresent()) {
            listen(Kind.TLS, mqtt.tls().port());
            if (mqtt.tls().wsPort() >= 0) {
                listen(Kind.WSS, mqtt.tls().wsPort());
            }
        }
        StringBuilder where = new StringBuilder();
        boundPorts.forEach((kind, port) -> where.append(' ').append(scheme(kind)).append("://")
                .append(mqtt.host()).append(':').append(port).append(kind == Kind.WS || kind == Kind.WSS ? "/mqtt" : ""));
        LOG.infof("MQTT listening on%s (node %s)", where, config.node().id());
    }

    private void listen(Kind kind, int port) throws Exception {
        BrokerConfig.Mqtt mqtt = config.mqtt();
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        // Vert.x shares one bound port among instances only when they ask for the same number, so port 0
        // (tests) is resolved to a free port first
        int actualPort = port == 0 ? freePort(mqtt.host()) : port;
        for (int i = 0; i < instances; i++) {
            MqttServerOptions options = new MqttServerOptions()
                    .setHost(mqtt.host())
                    .setPort(actualPort)
                    .setMaxMessageSize(mqtt.maxPacketSize())
                    .setMaxClientIdLength(mqtt.maxClientIdLength())
                    .setAutoClientId(false)
                    .setTimeoutOnConnect(30)
                    .setUseWebSocket(kind == Kind.WS || kind == Kind.WSS);
            if (kind == Kind.TLS || kind == Kind.WSS) {
                options.setSsl(true).setPemKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(mqtt.tls().certPath().orElseThrow())
                        .setKeyPath(mqtt.tls().keyPath().orElseThrow()));
            }
            MqttServer server = MqttServer.create(vertx, options);
            Consumer<MqttEndpoint> handler = endpoint -> connections.accept(kind, endpoint);
            server.endpointHandler(handler::accept);
            server.exceptionHandler(t -> LOG.debugf("MQTT %s listener: %s", kind, t.toString()));
            Future<MqttServer> bound = server.listen();
            MqttServer s = bound.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            servers.add(s);
        }
        boundPorts.put(kind, actualPort);
    }

    private static int freePort(String host) throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    private static String scheme(Kind kind) {
        return switch (kind) {
            case TCP -> "mqtt";
            case WS -> "ws";
            case TLS -> "mqtts";
            case WSS -> "wss";
        };
    }

    /** The port a listener is bound to, or -1 when it is not running. */
    public int port(Kind kind) {
        return boundPorts.getOrDefault(kind, -1);
    }

    public boolean running() {
        return boundPorts.containsKey(Kind.TCP);
    }

    void stop(@Observes ShutdownEvent ev) {
        for (MqttServer server : servers) {
            server.close();
        }
    }
}
