package io.kin.broker.mqtt.connect;

import io.kin.broker.message.MessageIds;
import io.kin.broker.routing.MessageDispatcher;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes wills: at once, or after the will delay, or when the session ends if that comes first
 * [MQTT-3.1.3-9]; a client that reconnects in time cancels its delayed will [MQTT-3.1.2-8].
 */
@ApplicationScoped
public class WillMessages {

    private static final Logger LOG = Logger.getLogger(WillMessages.class);

    private final Vertx vertx;
    private final MessageDispatcher dispatcher;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    WillMessages(Vertx vertx, MessageDispatcher dispatcher) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
    }

    /** The connection ended abnormally; {@code sessionExpirySeconds} bounds the delay (0 = the session ended). */
    public void connectionLost(String clientId, Will will, long sessionExpirySeconds) {
        long delay = Math.min(will.delaySeconds(), sessionExpirySeconds);
        if (delay <= 0) {
            publish(clientId, will);
            return;
        }
        long timer = vertx.setTimer(delay * 1000, id -> {
            if (pending.remove(clientId, id)) {
                publish(clientId, will);
            }
        });
        Long previous = pending.put(clientId, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    /** The client is back before its will delay passed. */
    public void cancel(String clientId) {
        Long timer = pending.remove(clientId);
        if (timer != null) {
            vertx.cancelTimer(timer);
            LOG.debugf("delayed will of %s cancelled: the client reconnected", clientId);
        }
    }

    private void publish(String clientId, Will will) {
        var m = will.message();
        // a fresh id and timestamp: the will is published now, not when CONNECT arrived
        dispatcher.publish(new io.kin.broker.message.Message(MessageIds.next(), m.topic(), m.payload(), m.qos(),
                m.retain(), m.properties(), m.publisherClientId(), m.publisherUsername(), System.currentTimeMillis(),
                m.expiresAt() == 0 ? 0 : System.currentTimeMillis() + (m.expiresAt() - m.timestamp())));
        LOG.debugf("will of %s published to %s", clientId, m.topic());
    }
}
