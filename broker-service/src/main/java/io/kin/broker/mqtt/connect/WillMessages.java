package io.kin.broker.mqtt.connect;

import io.kin.broker.message.MessageIds;
import io.kin.broker.routing.MessageDispatcher;
import io.kin.broker.session.Session;
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
    private final WillBackup backup;
    private final io.kin.broker.session.SessionRegistry sessions;
    private record Pending(long timer, Will will) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    WillMessages(Vertx vertx, MessageDispatcher dispatcher, WillBackup backup,
                 io.kin.broker.session.SessionRegistry sessions) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.backup = backup;
        this.sessions = sessions;
    }

    /** A client with a will is connected: its will is kept where it survives this node. */
    public void armed(String clientId, Will will, long sessionExpirySeconds) {
        backup.armed(clientId, will, sessionExpirySeconds);
    }

    /** The client's connection ended here; what happens to the will is decided by the caller now. */
    public void disarmed(String clientId) {
        backup.disarmed(clientId);
    }

    /** The connection ended abnormally; {@code sessionExpirySeconds} bounds the delay (0 = the session ended). */
    public void connectionLost(String clientId, Will will, long sessionExpirySeconds) {
        connectionLost(clientId, will, sessionExpirySeconds, null);
    }

    /**
     * @param session the session the will belongs to when this node holds it; null for a will taken over from a
     *                node that died. With it, a clean start that got in before this close was handled (the close and
     *                the new CONNECT run on different event loops) is recognised: it ended the session, so the will
     *                goes out now [MQTT-3.1.3-9], and only a resumption of that very session cancels it later.
     */
    public void connectionLost(String clientId, Will will, long sessionExpirySeconds, Session session) {
        long delay = Math.min(will.delaySeconds(), sessionExpirySeconds);
        if (delay <= 0 || (session != null && sessions.get(clientId) != session)) {
            publish(clientId, will);
            return;
        }
        long timer = vertx.setTimer(delay * 1000, id -> {
            Pending p = pending.get(clientId);
            if (p != null && p.timer() == id && pending.remove(clientId, p)) {
                // the client may have come back while this will was being armed: a session in use again cancels
                // it [MQTT-3.1.2-8]
                if (resumed(clientId, session)) {
                    LOG.debugf("delayed will of %s not published: the client is connected again", clientId);
                    return;
                }
                publish(clientId, will);
            }
        });
        Pending armed = new Pending(timer, will);
        Pending previous = pending.put(clientId, armed);
        if (previous != null) {
            vertx.cancelTimer(previous.timer());
        }
        // a clean start on another event loop may have replaced the session between the check above and the put,
        // after its reconnected() found nothing pending: then the will goes out now [MQTT-3.1.3-9]
        if (session != null && sessions.get(clientId) != session && pending.remove(clientId, armed)) {
            vertx.cancelTimer(timer);
            publish(clientId, will);
        }
    }

    private boolean resumed(String clientId, Session session) {
        return session == null ? sessions.isOnline(clientId)
                : sessions.get(clientId) == session && session.isConnected();
    }

    /**
     * The client is back before its will delay passed. Resuming the session cancels the will [MQTT-3.1.2-8];
     * a clean start ends the old session, which publishes it now [MQTT-3.1.3-9].
     */
    public void reconnected(String clientId, boolean sessionResumed) {
        Pending p = pending.remove(clientId);
        if (p == null) {
            return;
        }
        vertx.cancelTimer(p.timer());
        if (sessionResumed) {
            LOG.debugf("delayed will of %s cancelled: the client reconnected", clientId);
        } else {
            publish(clientId, p.will());
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
