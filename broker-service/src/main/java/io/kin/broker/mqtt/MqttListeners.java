package io.kin.broker.mqtt;

import io.kin.broker.config.BrokerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.netty.channel.WriteBufferWaterMark;
import io.vertx.core.net.impl.NetSocketInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's MQTT listeners: TCP, WebSocket (path {@code /mqtt}) and, when a certificate is configured, their TLS
 * variants. Each listener runs one server instance per event loop so connections spread over the cores.
 */
@ApplicationScoped
public class MqttListeners {

    private static final Logger LOG = Logger.getLogger(MqttListeners.class);

    public enum Kind {
        TCP, WS, TLS, WSS;

        /** The listener's name in configuration keys ({@code kin.mqtt.listener.ws.max-connections}). */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Sockets beyond {@code max-connections} a listener keeps open at a time to answer their CONNECT with 0x97. */
    static final int REFUSAL_SLOTS = 64;
    /** Seconds such a socket has to send its CONNECT. */
    static final int REFUSAL_CONNECT_TIMEOUT = 5;

    private final Vertx vertx;
    private final BrokerConfig config;
    private final MqttConnections connections;
    private final List<NetServer> servers = new ArrayList<>();
    private final Map<Kind, Integer> boundPorts = new ConcurrentHashMap<>();
    private final Map<Kind, AtomicInteger> open = new ConcurrentHashMap<>();

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
        for (Kind kind : Kind.values()) {
            Integer port = boundPorts.get(kind);
            if (port != null) {
                where.append(' ').append(scheme(kind)).append("://").append(mqtt.host()).append(':').append(port)
                        .append(kind == Kind.WS || kind == Kind.WSS ? MqttTransport.WS_PATH : "");
            }
        }
        LOG.infof("MQTT listening on%s (node %s)", where, config.node().id());
    }

    private void listen(Kind kind, int port) throws Exception {
        BrokerConfig.Mqtt mqtt = config.mqtt();
        boolean webSocket = kind == Kind.WS || kind == Kind.WSS;
        boolean tls = kind == Kind.TLS || kind == Kind.WSS;
        AtomicInteger openCount = open.computeIfAbsent(kind, k -> new AtomicInteger());
        int maxConnections = mqtt.maxConnections(kind.configName());
        int maxPacketSize = mqtt.maxPacketSize(kind.configName());
        AtomicInteger refusingCount = new AtomicInteger();
        ConnectRate rate = mqtt.maxConnectRate() > 0 ? new ConnectRate(mqtt.maxConnectRate()) : null;
        // Vert.x shares one bound port among instances only when they ask for the same number, so port 0 (tests)
        // is resolved to a free port first
        int actualPort = port == 0 ? freePort(mqtt.host()) : port;
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < instances; i++) {
            NetServerOptions options = new NetServerOptions()
                    .setHost(mqtt.host())
                    .setPort(actualPort)
                    .setTcpNoDelay(true)
                    .setReuseAddress(true);
            if (tls) {
                options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(mqtt.tls().certPath().orElseThrow())
                        .setKeyPath(mqtt.tls().keyPath().orElseThrow()));
            }
            NetServer server = vertx.createNetServer(options);
            server.connectHandler(socket -> {
                NetSocketInternal soi = (NetSocketInternal) socket;
                if (openCount.incrementAndGet() <= maxConnections) {
                    soi.channelHandlerContext().channel().config().setWriteBufferWaterMark(
                            new WriteBufferWaterMark(mqtt.writeBufferBytes() / 4, mqtt.writeBufferBytes() / 2));
                    MqttTransport.init(soi.channelHandlerContext().pipeline(), webSocket, maxPacketSize,
                            mqtt.connectTimeout());
                    connections.open(kind, soi, openCount::decrementAndGet, false, rate);
                    return;
                }
                openCount.decrementAndGet();
                // beyond the limit the CONNECT is read only to answer it with 0x97 Quota exceeded; a few such
                // sockets at a time, each for a short while, so a flood of them costs little
                if (refusingCount.incrementAndGet() > REFUSAL_SLOTS) {
                    refusingCount.decrementAndGet();
                    LOG.warnf("%s listener at its limit of %d connections; closing %s", kind,
                            maxConnections, socket.remoteAddress());
                    socket.close();
                    return;
                }
                LOG.warnf("%s listener at its limit of %d connections; refusing %s", kind, maxConnections,
                        socket.remoteAddress());
                MqttTransport.init(soi.channelHandlerContext().pipeline(), webSocket, maxPacketSize,
                        Math.min(mqtt.connectTimeout(), REFUSAL_CONNECT_TIMEOUT));
                connections.open(kind, soi, refusingCount::decrementAndGet, true, rate);
            });
            // each instance listens from its own event-loop context: Vert.x gives every connection to one of the
            // instances, and the connection lives on that instance's event loop. Listening from this (non-Vert.x)
            // thread would put every instance on the same, "sticky", context: one core for all clients.
            ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
            java.util.concurrent.CompletableFuture<NetServer> bound = new java.util.concurrent.CompletableFuture<>();
            context.runOnContext(v -> server.listen().onComplete(ar -> {
                if (ar.succeeded()) {
                    bound.complete(ar.result());
                } else {
                    bound.completeExceptionally(ar.cause());
                }
            }));
            servers.add(bound.get(30, TimeUnit.SECONDS));
        }
        boundPorts.put(kind, actualPort);
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
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
        for (NetServer server : servers) {
            server.close();
        }
    }
}
