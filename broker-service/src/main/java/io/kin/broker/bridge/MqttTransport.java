package io.kin.broker.bridge;

import io.kin.rules.bridge.MqttSettings;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Publishes to a remote broker with the Vert.x MQTT client (MQTT 3.1.1). QoS 1/2 publishes are delivered when the
 * PUBACK/PUBCOMP arrives; QoS 0 ones when written. A dropped connection fails what is unacknowledged (the bridge
 * retries it) and is reported so the bridge reconnects with back-off.
 */
final class MqttTransport implements BridgeTransport {

    /** One connection and its publishes waiting for an acknowledgement, by packet id. */
    private static final class Link {
        final MqttClient client;
        final Map<Integer, Promise<Void>> unacked = new ConcurrentHashMap<>();
        final Set<Integer> ackedEarly = new HashSet<>(); // acknowledged before publish() told us the id
        boolean closing;

        Link(MqttClient client) {
            this.client = client;
        }

        void fail(String message) {
            unacked.values().forEach(p -> p.tryFail(new IOException(message)));
            unacked.clear();
        }
    }

    private final Vertx vertx;
    private final MqttSettings settings;
    private final String clientId;
    private Consumer<Throwable> lost = e -> {
    };
    private Link link;

    MqttTransport(Vertx vertx, MqttSettings settings, String clientId) {
        this.vertx = vertx;
        this.settings = settings;
        this.clientId = settings.clientId() == null ? clientId : settings.clientId();
    }

    @Override
    public void onConnectionLost(Consumer<Throwable> handler) {
        this.lost = handler;
    }

    @Override
    public Future<Void> connect() {
        if (link != null) {
            link.closing = true;
            if (link.client.isConnected()) {
                link.client.disconnect();
            }
        }
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(clientId)
                .setCleanSession(true)
                .setKeepAliveInterval(settings.keepAliveSeconds())
                .setAckTimeout(Math.max(1, settings.timeoutMs() / 1000))
                .setMaxInflightQueue(65_535)
                .setAutoKeepAlive(true);
        options.setConnectTimeout(settings.timeoutMs());
        if (settings.username() != null) {
            options.setUsername(settings.username()).setPassword(settings.password());
        }
        if (settings.tls()) {
            options.setSsl(true).setTrustAll(settings.trustAll());
            if (!settings.trustAll()) {
                options.setHostnameVerificationAlgorithm("HTTPS");
            }
        }
        Link fresh = new Link(MqttClient.create(vertx, options));
        link = fresh;
        fresh.client.publishCompletionHandler(id -> acknowledged(fresh, id));
        fresh.client.publishCompletionExpirationHandler(id -> {
            Promise<Void> p = fresh.unacked.remove(id);
            if (p != null) {
                p.tryFail(new IOException("no acknowledgement from " + where() + " for packet " + id));
            }
        });
        fresh.client.closeHandler(v -> {
            String why = "connection to " + where() + " closed";
            fresh.fail(why);
            if (!fresh.closing && link == fresh) {
                lost.accept(new IOException(why));
            }
        });
        return fresh.client.connect(settings.port(), settings.host())
                .recover(e -> Future.failedFuture(new IOException("cannot connect to " + where() + ": " + e.getMessage(), e)))
                .compose(ack -> {
                    if (link != fresh) {
                        // closed while connecting: nobody else will let go of this connection
                        fresh.closing = true;
                        return fresh.client.disconnect().transform(ar -> Future.failedFuture("bridge closed"));
                    }
                    return Future.succeededFuture();
                });
    }

    private void acknowledged(Link l, int id) {
        Promise<Void> p = l.unacked.remove(id);
        if (p != null) {
            p.tryComplete();
        } else {
            l.ackedEarly.add(id);
        }
    }

    private String where() {
        return "MQTT broker " + settings.host() + ":" + settings.port();
    }

    @Override
    public Future<Void> deliver(BridgeRecord record) {
        Link current = link;
        String topic = record.targetOr(settings.topic());
        if (topic == null) {
            return Future.failedFuture(new UndeliverableException("no MQTT topic: the record names none and the bridge has no 'topic'"));
        }
        int qos = record.qos() == null ? settings.qos() : record.qos();
        boolean retain = record.retain() == null ? settings.retain() : record.retain();
        Future<Integer> written = current.client.publish(topic, Buffer.buffer(record.payload()),
                MqttQoS.valueOf(Math.max(0, Math.min(2, qos))), false, retain);
        if (qos <= 0) {
            return written.mapEmpty();
        }
        return written.compose(id -> {
            if (current.ackedEarly.remove(id)) {
                return Future.succeededFuture();
            }
            Promise<Void> acked = Promise.promise();
            current.unacked.put(id, acked);
            return acked.future();
        });
    }

    @Override
    public boolean isConnected() {
        Link current = link;
        return current != null && current.client.isConnected();
    }

    @Override
    public Future<Void> close() {
        Link current = link;
        link = null;
        if (current == null) {
            return Future.succeededFuture();
        }
        current.closing = true;
        current.fail("bridge closed");
        return current.client.isConnected() ? current.client.disconnect().otherwiseEmpty() : Future.succeededFuture();
    }
}
