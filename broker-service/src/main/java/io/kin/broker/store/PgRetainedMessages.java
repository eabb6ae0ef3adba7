package io.kin.broker.store;

import io.kin.broker.message.Message;
import io.kin.broker.retain.RetainedIndex;
import io.kin.broker.retain.RetainedMessages;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Retained messages: {@code mqtt_retained} is the truth, an in-memory {@link RetainedIndex} answers subscribes.
 * Index change and store write happen together under one lock, so the two never disagree on the order of changes
 * to a topic.
 */
@ApplicationScoped
public class PgRetainedMessages implements RetainedMessages {

    private static final Logger LOG = Logger.getLogger(PgRetainedMessages.class);

    private static final String UPSERT = """
            INSERT INTO mqtt_retained (topic, payload, qos, properties, publisher_client_id, publisher_username,
                                       created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (topic) DO UPDATE SET payload = EXCLUDED.payload, qos = EXCLUDED.qos,
                properties = EXCLUDED.properties, publisher_client_id = EXCLUDED.publisher_client_id,
                publisher_username = EXCLUDED.publisher_username, created_at = EXCLUDED.created_at,
                expires_at = EXCLUDED.expires_at""";
    private static final String DELETE = "DELETE FROM mqtt_retained WHERE topic = $1";

    private final RetainedIndex index = new RetainedIndex();
    private final Pool pool;
    private final GroupCommit writes;
    private volatile java.util.function.Consumer<Message> changeListener = m -> { };

    /** Told of every change made on this node (the cluster tells the other nodes). */
    public void onChange(java.util.function.Consumer<Message> listener) {
        this.changeListener = listener;
    }

    /** A change another node made and stored: only this node's index needs it. */
    public synchronized void applyReplica(Message m) {
        if (m.payload().length == 0) {
            index.remove(m.topic());
        } else {
            index.put(m);
        }
    }

    PgRetainedMessages(Pool pool, GroupCommit writes) {
        this.pool = pool;
        this.writes = writes;
    }

    /** Loads every retained message before the listeners accept clients. */
    void load(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent ev) throws Exception {
        int loaded = pool.query("""
                        SELECT topic, payload, qos, properties, publisher_client_id, publisher_username, created_at,
                               expires_at FROM mqtt_retained WHERE expires_at IS NULL OR expires_at > now()""")
                .execute().map(rows -> {
                    for (Row r : rows) {
                        index.put(new Message(0, r.getString("topic"), r.getBuffer("payload").getBytes(),
                                r.getShort("qos"), true, MessageJson.fromJson(r.getJsonObject("properties")),
                                r.getString("publisher_client_id"), r.getString("publisher_username"),
                                PgSessionStore.millis(r.getOffsetDateTime("created_at")),
                                PgSessionStore.millis(r.getOffsetDateTime("expires_at"))));
                    }
                    return rows.size();
                }).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        if (loaded > 0) {
            LOG.infof("%d retained messages loaded from PostgreSQL", loaded);
        }
    }

    @Override
    public synchronized Future<Void> put(Message m) {
        changeListener.accept(m);
        if (m.payload().length == 0) {
            index.remove(m.topic());
            return writes.submit(new GroupCommit.Write(DELETE, Tuple.of(m.topic())));
        }
        index.put(m);
        return writes.submit(new GroupCommit.Write(UPSERT, Tuple.from(Arrays.asList(m.topic(),
                Buffer.buffer(m.payload()), (short) m.qos(), MessageJson.toJson(m.properties()),
                m.publisherClientId(), m.publisherUsername(), PgSessionStore.time(m.timestamp()),
                PgSessionStore.time(m.expiresAt())))));
    }

    @Override
    public List<Message> match(String filter) {
        long now = System.currentTimeMillis();
        List<Message> found = index.match(filter);
        List<Message> live = new ArrayList<>(found.size());
        for (Message m : found) {
            if (m.isExpired(now)) {
                expire(m);
            } else {
                live.add(m);
            }
        }
        return live;
    }

    private synchronized void expire(Message m) {
        if (index.get(m.topic()) == m) {
            index.remove(m.topic());
            writes.submit(new GroupCommit.Write(DELETE + " AND expires_at <= now()", Tuple.of(m.topic())));
        }
    }

    @Override
    public Message get(String topic) {
        Message m = index.get(topic);
        return m == null || m.isExpired(System.currentTimeMillis()) ? null : m;
    }

    @Override
    public synchronized Future<Boolean> remove(String topic) {
        boolean existed = index.remove(topic);
        changeListener.accept(new Message(0, topic, new byte[0], 0, true, null, null, null, 0, 0));
        return writes.submit(new GroupCommit.Write(DELETE, Tuple.of(topic))).map(existed);
    }

    @Override
    public int count() {
        return index.size();
    }

    /** All retained messages (admin listing); expired ones left out. */
    public List<Message> all() {
        long now = System.currentTimeMillis();
        List<Message> all = new ArrayList<>();
        index.forEach(m -> {
            if (!m.isExpired(now)) {
                all.add(m);
            }
        });
        return all;
    }
}
