package io.kin.broker.bridge;

import com.rabbitmq.client.AMQP;
import io.kin.rules.bridge.RabbitMqSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConfirmation;
import io.vertx.rabbitmq.RabbitMQOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Publishes with the Vert.x RabbitMQ client on a channel in confirm mode: a record is delivered when the broker
 * confirms it. The client's own reconnection is off; the bridge reconnects (with a fresh client, so the confirm
 * listener belongs to the new channel) when the connection or channel is gone.
 */
final class RabbitMqTransport implements BridgeTransport {

    /** One connection and the publishes it still owes a confirm for, by delivery tag. */
    private record Link(RabbitMQClient client, NavigableMap<Long, Promise<Void>> unconfirmed) {
    }

    private final Vertx vertx;
    private final RabbitMqSettings settings;
    private final String connectionName;
    private Link link;

    RabbitMqTransport(Vertx vertx, RabbitMqSettings settings, String connectionName) {
        this.vertx = vertx;
        this.settings = settings;
        this.connectionName = connectionName;
    }

    @Override
    public Future<Void> connect() {
        Future<Void> stopped = link == null ? Future.succeededFuture() : stop(link);
        RabbitMQOptions options = new RabbitMQOptions()
                .setUri(settings.uri())
                .setConnectionName(connectionName)
                .setAutomaticRecoveryEnabled(false)
                .setReconnectAttempts(0)
                .setConnectionTimeout(settings.timeoutMs())
                .setHandshakeTimeout(settings.timeoutMs())
                .setRequestedHeartbeat(30);
        Link fresh = new Link(RabbitMQClient.create(vertx, options), new ConcurrentSkipListMap<>());
        link = fresh;
        return stopped.transform(ignored -> fresh.client().start())
                .compose(v -> fresh.client().addConfirmListener(1024))
                .compose(confirms -> {
                    confirms.handler(c -> confirmed(fresh, c));
                    if (link != fresh) {
                        // closed while connecting: nobody else will let go of this connection
                        return stop(fresh).transform(ar -> Future.failedFuture("bridge closed"));
                    }
                    return Future.<Void>succeededFuture();
                });
    }

    private static void confirmed(Link link, RabbitMQConfirmation c) {
        NavigableMap<Long, Promise<Void>> settled = c.isMultiple()
                ? link.unconfirmed().headMap(c.getDeliveryTag(), true)
                : link.unconfirmed().subMap(c.getDeliveryTag(), true, c.getDeliveryTag(), true);
        for (Promise<Void> p : settled.values()) {
            if (c.isSucceeded()) {
                p.tryComplete();
            } else {
                p.tryFail("RabbitMQ refused the message (nack)");
            }
        }
        settled.clear();
    }

    @Override
    public Future<Void> deliver(BridgeRecord record) {
        Link current = link;
        Map<String, Object> headers = new HashMap<>(record.headers());
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .deliveryMode(settings.persistent() ? 2 : 1)
                .contentType(settings.contentType())
                .headers(headers.isEmpty() ? null : headers)
                .timestamp(new java.util.Date())
                .build();
        Promise<Void> confirmed = Promise.promise();
        long[] tag = {-1};
        current.client().basicPublishWithDeliveryTag(settings.exchange(), record.targetOr(settings.routingKey()),
                        properties, Buffer.buffer(record.payload()), t -> {
                            tag[0] = t;
                            current.unconfirmed().put(t, confirmed);
                        })
                .onFailure(confirmed::tryFail);
        long timer = vertx.setTimer(settings.timeoutMs(), id -> {
            if (confirmed.tryFail(noConfirm(current))) {
                current.unconfirmed().remove(tag[0]);
            }
        });
        return confirmed.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    private String noConfirm(Link current) {
        if (!current.client().isOpenChannel()) {
            return "RabbitMQ closed the channel (does exchange '" + settings.exchange() + "' exist?)";
        }
        return "no confirm from RabbitMQ within " + settings.timeoutMs() + " ms";
    }

    @Override
    public boolean isConnected() {
        Link current = link;
        return current != null && current.client().isConnected() && current.client().isOpenChannel();
    }

    @Override
    public Future<Void> close() {
        Link current = link;
        link = null;
        return current == null ? Future.succeededFuture() : stop(current);
    }

    private static Future<Void> stop(Link old) {
        old.unconfirmed().values().forEach(p -> p.tryFail("connection closed before RabbitMQ confirmed"));
        return old.client().stop().otherwiseEmpty();
    }
}
