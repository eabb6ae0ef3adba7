package io.kin.broker.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.kin.broker.config.BrokerConfig;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the store from growing: removes message rows no queue refers to any more (acknowledged everywhere),
 * queued messages whose expiry passed, and sessions that expired while no node held them. Runs every
 * {@code kin.store.purge-seconds}, a bounded batch each time.
 */
@ApplicationScoped
public class StorePurge {

    private static final Logger LOG = Logger.getLogger(StorePurge.class);

    private final Pool pool;
    private final Vertx vertx;
    private final long intervalMillis;
    private final int batch;
    private final long graceSeconds;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    StorePurge(Pool pool, Vertx vertx, BrokerConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.intervalMillis = config.store().purgeSeconds() * 1000;
        this.batch = config.store().purgeBatch();
        this.graceSeconds = config.store().purgeGraceSeconds();
    }

    void start(@Observes StartupEvent ev) {
        timer = vertx.setPeriodic(intervalMillis, id -> purge());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One round of purging; the future gives how many rows went. */
    public Future<Long> purge() {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture(0L);
        }
        Tuple limit = Tuple.of(batch);
        // a message row is written just before its queue rows: leave young rows alone
        Tuple limitAndGrace = Tuple.of(batch, (double) graceSeconds);
        return pool.preparedQuery("""
                        DELETE FROM mqtt_queue q USING mqtt_message m
                        WHERE q.message_id = m.message_id AND m.expires_at < now()
                          AND (q.client_id, q.seq) IN (SELECT q2.client_id, q2.seq FROM mqtt_queue q2
                                                       JOIN mqtt_message m2 ON m2.message_id = q2.message_id
                                                       WHERE m2.expires_at < now() LIMIT $1)""")
                .execute(limit).map(r -> (long) r.rowCount())
                .compose(expired -> pool.preparedQuery("""
                                DELETE FROM mqtt_message WHERE message_id IN (
                                    SELECT m.message_id FROM mqtt_message m
                                    WHERE m.created_at < now() - make_interval(secs => $2)
                                      AND NOT EXISTS (SELECT 1 FROM mqtt_queue q WHERE q.message_id = m.message_id)
                                    LIMIT $1)""")
                        .execute(limitAndGrace).map(r -> expired + r.rowCount()))
                .compose(sofar -> pool.preparedQuery("""
                                DELETE FROM mqtt_session WHERE client_id IN (
                                    SELECT client_id FROM mqtt_session
                                    WHERE NOT connected AND expires_at < now() LIMIT $1)""")
                        .execute(limit).map(r -> sofar + r.rowCount()))
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.debugf("store purge removed %d rows", n);
                    }
                })
                .onFailure(e -> LOG.debugf("store purge failed: %s", e.toString()))
                .onComplete(ar -> running.set(false));
    }
}
