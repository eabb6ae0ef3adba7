package io.kin.broker.store;

import io.kin.broker.delayed.DelayedPublishes;
import io.kin.broker.delayed.DelayedStore;
import io.kin.broker.message.Message;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Delayed publishes in {@code mqtt_delayed}, so they are published after a restart too. */
@ApplicationScoped
public class PgDelayedStore implements DelayedStore {

    private final Pool pool;
    private final GroupCommit writes;

    PgDelayedStore(Pool pool, GroupCommit writes) {
        this.pool = pool;
        this.writes = writes;
    }

    @Override
    public Future<Void> saved(DelayedPublishes.Scheduled s) {
        Message m = s.message();
        Long expirySeconds = m.expiresAt() == 0 ? null : Math.max(1, (m.expiresAt() - m.timestamp()) / 1000);
        return writes.submit(new GroupCommit.Write("""
                INSERT INTO mqtt_delayed (message_id, topic, payload, qos, retain, properties, publisher_client_id,
                                          publisher_username, created_at, expiry_seconds, due_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (message_id) DO NOTHING""",
                Tuple.from(Arrays.asList(s.id(), m.topic(), Buffer.buffer(m.payload()), (short) m.qos(), m.retain(),
                        MessageJson.toJson(m.properties()), m.publisherClientId(), m.publisherUsername(),
                        PgSessionStore.time(m.timestamp()), expirySeconds, PgSessionStore.time(s.dueAt())))));
    }

    @Override
    public Future<Void> removed(long id) {
        return writes.submit(new GroupCommit.Write("DELETE FROM mqtt_delayed WHERE message_id = $1", Tuple.of(id)));
    }

    @Override
    public Future<List<DelayedPublishes.Scheduled>> loadAll() {
        return pool.query("""
                        SELECT message_id, topic, payload, qos, retain, properties, publisher_client_id,
                               publisher_username, created_at, expiry_seconds, due_at FROM mqtt_delayed ORDER BY due_at""")
                .execute().map(rows -> {
                    List<DelayedPublishes.Scheduled> all = new ArrayList<>();
                    for (Row r : rows) {
                        long created = PgSessionStore.millis(r.getOffsetDateTime("created_at"));
                        Long expiry = r.getLong("expiry_seconds");
                        Message m = new Message(r.getLong("message_id"), r.getString("topic"),
                                r.getBuffer("payload").getBytes(), r.getShort("qos"), r.getBoolean("retain"),
                                MessageJson.fromJson(r.getJsonObject("properties")), r.getString("publisher_client_id"),
                                r.getString("publisher_username"), created, expiry == null ? 0 : created + expiry * 1000);
                        all.add(new DelayedPublishes.Scheduled(m.id(), m,
                                PgSessionStore.millis(r.getOffsetDateTime("due_at"))));
                    }
                    return all;
                });
    }
}
