package io.kin.broker.store;

import io.kin.broker.config.BrokerConfig;
import io.kin.broker.message.Message;
import io.kin.broker.routing.Subscription;
import io.kin.broker.session.Delivery;
import io.kin.broker.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Persistent sessions in PostgreSQL. Writes go through {@link GroupCommit}; a message queued for many sessions is
 * stored once ({@code mqtt_message}) and referenced by one {@code mqtt_queue} row per session.
 */
@ApplicationScoped
public class PgSessionStore implements SessionStore {

    private static final String INSERT_MESSAGE = """
            INSERT INTO mqtt_message (message_id, topic, payload, qos, retain, properties, publisher_client_id,
                                      publisher_username, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (message_id) DO NOTHING""";
    private static final String INSERT_QUEUE = """
            INSERT INTO mqtt_queue (client_id, seq, message_id, qos, retain, subscription_ids, share_group, share_filter)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (client_id, seq) DO NOTHING""";
    private static final String DELETE_QUEUE = "DELETE FROM mqtt_queue WHERE client_id = $1 AND seq = $2";

    /** Many message rows in one statement: columns as arrays (properties as JSON text), one row per index. */
    private static final GroupCommit.Bulk INSERT_MESSAGES = new GroupCommit.Bulk("""
            INSERT INTO mqtt_message (message_id, topic, payload, qos, retain, properties, publisher_client_id,
                                      publisher_username, created_at, expires_at)
            SELECT m_id, m_topic, m_payload, m_qos, m_retain, m_props::jsonb, m_pub, m_user, m_created, m_expires
            FROM unnest($1::bigint[], $2::text[], $3::bytea[], $4::smallint[], $5::boolean[], $6::text[], $7::text[],
                        $8::text[], $9::timestamptz[], $10::timestamptz[])
                 AS r(m_id, m_topic, m_payload, m_qos, m_retain, m_props, m_pub, m_user, m_created, m_expires)
            ON CONFLICT (message_id) DO NOTHING""", PgSessionStore::messageColumns, true);
    /** Many queue rows in one statement (subscription identifiers as array literals). */
    private static final GroupCommit.Bulk INSERT_QUEUES = new GroupCommit.Bulk("""
            INSERT INTO mqtt_queue (client_id, seq, message_id, qos, retain, subscription_ids, share_group, share_filter)
            SELECT q_client, q_seq, q_message, q_qos, q_retain, q_ids::integer[], q_group, q_filter
            FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::smallint[], $5::boolean[], $6::text[], $7::text[],
                        $8::text[]) AS r(q_client, q_seq, q_message, q_qos, q_retain, q_ids, q_group, q_filter)
            ON CONFLICT (client_id, seq) DO NOTHING""", PgSessionStore::queueColumns, false, 1);
    /** Many acknowledged messages out of the queues in one statement. */
    private static final GroupCommit.Bulk DELETE_QUEUES = new GroupCommit.Bulk("""
            DELETE FROM mqtt_queue q USING unnest($1::text[], $2::bigint[]) AS d(d_client, d_seq)
            WHERE q.client_id = d.d_client AND q.seq = d.d_seq""", PgSessionStore::keyColumns, false, 3);

    private static final String RELEASE_QUEUE = "UPDATE mqtt_queue SET released = true WHERE client_id = $1 AND seq = $2";
    /** Many QoS 2 deliveries marked released (PUBREC received) in one statement. */
    private static final GroupCommit.Bulk RELEASE_QUEUES = new GroupCommit.Bulk("""
            UPDATE mqtt_queue q SET released = true FROM unnest($1::text[], $2::bigint[]) AS r(r_client, r_seq)
            WHERE q.client_id = r.r_client AND q.seq = r.r_seq""", PgSessionStore::keyColumns, false, 2);

    private final Pool pool;
    private final GroupCommit writes;
    private final String nodeId;
    /** Messages this node already submitted, so fan-out to many sessions sends the payload once. */
    private final RecentIds writtenMessages = new RecentIds(1 << 16);

    PgSessionStore(Pool pool, GroupCommit writes, BrokerConfig config) {
        this.pool = pool;
        this.writes = writes;
        this.nodeId = config.node().id();
    }

    static OffsetDateTime time(long epochMillis) {
        return epochMillis <= 0 ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    static long millis(OffsetDateTime t) {
        return t == null ? 0 : t.toInstant().toEpochMilli();
    }

    @Override
    public Future<Void> opened(String clientId, String username, int protocolVersion, long expirySeconds) {
        return writes.submit(new GroupCommit.Write("""
                INSERT INTO mqtt_session (client_id, username, protocol_version, expiry_seconds, node_id, connected,
                                          connected_at, disconnected_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, true, now(), NULL, NULL)
                ON CONFLICT (client_id) DO UPDATE SET username = EXCLUDED.username,
                    protocol_version = EXCLUDED.protocol_version, expiry_seconds = EXCLUDED.expiry_seconds,
                    node_id = EXCLUDED.node_id, connected = true, connected_at = now(), disconnected_at = NULL,
                    expires_at = NULL""",
                Tuple.of(clientId, username, (short) protocolVersion, expirySeconds, nodeId)));
    }

    @Override
    public Future<Void> closed(String clientId, long expirySeconds, long disconnectedAt) {
        // 0xFFFFFFFF seconds: never expires
        OffsetDateTime expiresAt = expirySeconds >= 0xFFFFFFFFL ? null : time(disconnectedAt + expirySeconds * 1000);
        return writes.submit(new GroupCommit.Write("""
                UPDATE mqtt_session SET connected = false, expiry_seconds = $2, disconnected_at = $3, expires_at = $4,
                    node_id = $5 WHERE client_id = $1""",
                Tuple.of(clientId, expirySeconds, time(disconnectedAt), expiresAt, nodeId)));
    }

    @Override
    public Future<Void> flushed() {
        // group commit keeps submission order: once this commits, every earlier write has
        return writes.submit(new GroupCommit.Write("SELECT 1", Tuple.tuple()));
    }

    @Override
    public Future<Void> ended(String clientId) {
        return writes.submit(new GroupCommit.Write("DELETE FROM mqtt_session WHERE client_id = $1", Tuple.of(clientId)));
    }

    @Override
    public Future<Void> subscribed(String clientId, String rawFilter, Subscription s) {
        return writes.submit(new GroupCommit.Write("""
                INSERT INTO mqtt_subscription (client_id, topic_filter, filter, share_group, qos, no_local,
                                               retain_as_published, retain_handling, subscription_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (client_id, topic_filter) DO UPDATE SET qos = EXCLUDED.qos, no_local = EXCLUDED.no_local,
                    retain_as_published = EXCLUDED.retain_as_published, retain_handling = EXCLUDED.retain_handling,
                    subscription_id = EXCLUDED.subscription_id""",
                Tuple.from(Arrays.asList(clientId, rawFilter, s.filter(), s.shareGroup(), (short) s.qos(),
                        s.noLocal(), s.retainAsPublished(), (short) s.retainHandling(), s.subscriptionId()))));
    }

    @Override
    public Future<Void> unsubscribed(String clientId, String rawFilter) {
        return writes.submit(new GroupCommit.Write(
                "DELETE FROM mqtt_subscription WHERE client_id = $1 AND topic_filter = $2",
                Tuple.of(clientId, rawFilter)));
    }

    @Override
    public Future<Void> enqueued(String clientId, long seq, Delivery d) {
        Message m = d.message();
        // the message row is its own submission: if it failed together with one session's queue row, the other
        // sessions' rows would fail with it
        Future<Void> message = Future.succeededFuture();
        if (writtenMessages.add(m.id())) {
            JsonObject props = MessageJson.toJson(m.properties());
            message = writes.submit(new GroupCommit.Write(INSERT_MESSAGE, Tuple.from(Arrays.asList(m.id(), m.topic(),
                    Buffer.buffer(m.payload()), (short) m.qos(), m.retain(), props, m.publisherClientId(),
                    m.publisherUsername(), time(m.timestamp()), time(m.expiresAt()))), INSERT_MESSAGES));
        }
        Integer[] ids = new Integer[d.subscriptionIds().length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = d.subscriptionIds()[i];
        }
        Future<Void> queued = writes.submit(new GroupCommit.Write(INSERT_QUEUE, Tuple.from(Arrays.asList(clientId,
                seq, m.id(), (short) d.qos(), d.retain(), ids, d.shareGroup(), d.shareFilter())), INSERT_QUEUES));
        return Future.all(message, queued).mapEmpty();
    }

    /** The arguments of {@link #INSERT_MESSAGE} rows as the columns of {@link #INSERT_MESSAGES}. */
    static Tuple messageColumns(List<Tuple> rows) {
        int n = rows.size();
        Long[] ids = new Long[n];
        String[] topics = new String[n];
        Buffer[] payloads = new Buffer[n];
        Short[] qos = new Short[n];
        Boolean[] retain = new Boolean[n];
        String[] props = new String[n];
        String[] publishers = new String[n];
        String[] usernames = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        OffsetDateTime[] expires = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Tuple t = rows.get(i);
            ids[i] = t.getLong(0);
            topics[i] = t.getString(1);
            payloads[i] = t.getBuffer(2);
            qos[i] = t.getShort(3);
            retain[i] = t.getBoolean(4);
            Object p = t.getValue(5);
            props[i] = p == null ? null : ((JsonObject) p).encode();
            publishers[i] = t.getString(6);
            usernames[i] = t.getString(7);
            created[i] = (OffsetDateTime) t.getValue(8);
            expires[i] = (OffsetDateTime) t.getValue(9);
        }
        return Tuple.from(new Object[]{ids, topics, payloads, qos, retain, props, publishers, usernames, created,
                expires});
    }

    /** The arguments of {@link #INSERT_QUEUE} rows as the columns of {@link #INSERT_QUEUES}. */
    static Tuple queueColumns(List<Tuple> rows) {
        int n = rows.size();
        String[] clients = new String[n];
        Long[] seqs = new Long[n];
        Long[] messages = new Long[n];
        Short[] qos = new Short[n];
        Boolean[] retain = new Boolean[n];
        String[] ids = new String[n];
        String[] groups = new String[n];
        String[] filters = new String[n];
        for (int i = 0; i < n; i++) {
            Tuple t = rows.get(i);
            clients[i] = t.getString(0);
            seqs[i] = t.getLong(1);
            messages[i] = t.getLong(2);
            qos[i] = t.getShort(3);
            retain[i] = t.getBoolean(4);
            ids[i] = arrayLiteral((Integer[]) t.getValue(5));
            groups[i] = t.getString(6);
            filters[i] = t.getString(7);
        }
        return Tuple.from(new Object[]{clients, seqs, messages, qos, retain, ids, groups, filters});
    }

    /** The arguments of queue-row writes keyed by (client id, seq) as the columns of their bulk forms. */
    static Tuple keyColumns(List<Tuple> rows) {
        int n = rows.size();
        String[] clients = new String[n];
        Long[] seqs = new Long[n];
        for (int i = 0; i < n; i++) {
            clients[i] = rows.get(i).getString(0);
            seqs[i] = rows.get(i).getLong(1);
        }
        return Tuple.from(new Object[]{clients, seqs});
    }

    /** An integer[] literal: {@code {1,2}}. */
    static String arrayLiteral(Integer[] values) {
        if (values == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append(values[i]);
        }
        return b.append('}').toString();
    }

    @Override
    public Future<Void> released(String clientId, long seq) {
        return writes.submit(new GroupCommit.Write(RELEASE_QUEUE, Tuple.of(clientId, seq), RELEASE_QUEUES));
    }

    @Override
    public Future<Void> removed(String clientId, long seq) {
        return writes.submit(new GroupCommit.Write(DELETE_QUEUE, Tuple.of(clientId, seq), DELETE_QUEUES));
    }

    @Override
    public Future<Void> inboundQos2Received(String clientId, int packetId) {
        return writes.submit(new GroupCommit.Write("""
                INSERT INTO mqtt_inbound_qos2 (client_id, packet_id) VALUES ($1, $2) ON CONFLICT DO NOTHING""",
                Tuple.of(clientId, packetId)));
    }

    @Override
    public Future<Void> inboundQos2Released(String clientId, int packetId) {
        return writes.submit(new GroupCommit.Write(
                "DELETE FROM mqtt_inbound_qos2 WHERE client_id = $1 AND packet_id = $2", Tuple.of(clientId, packetId)));
    }

    @Override
    public Future<List<StoredSession>> loadAll(int maxQueuedPerSession) {
        return load("true", Tuple.tuple(), maxQueuedPerSession);
    }

    @Override
    public Future<List<StoredSession>> loadOwnedBy(String nodeId, int maxQueuedPerSession) {
        return load("node_id = $1", Tuple.of(nodeId), maxQueuedPerSession);
    }

    @Override
    public Future<List<StoredSession>> load(String clientId, int maxQueuedPerSession) {
        return load("client_id = $1", Tuple.of(clientId), maxQueuedPerSession);
    }

    /** Sessions matching {@code where} (on mqtt_session, parameters $1..) with subscriptions, queue and QoS 2 ids. */
    private Future<List<StoredSession>> load(String where, Tuple args, int maxQueuedPerSession) {
        String chosen = "client_id IN (SELECT client_id FROM mqtt_session WHERE " + where + ")";
        Tuple withLimit = Tuple.tuple();
        for (int i = 0; i < args.size(); i++) {
            withLimit.addValue(args.getValue(i));
        }
        withLimit.addValue(maxQueuedPerSession);
        String limit = "$" + (args.size() + 1);
        Map<String, Row> sessions = new LinkedHashMap<>();
        Map<String, List<StoredSubscription>> subs = new HashMap<>();
        Map<String, List<StoredDelivery>> queues = new HashMap<>();
        Map<String, Set<Integer>> inbound = new HashMap<>();
        return pool.preparedQuery("""
                        SELECT client_id, username, protocol_version, expiry_seconds, connected, disconnected_at
                        FROM mqtt_session WHERE""" + " " + where).execute(args)
                .compose(rows -> {
                    rows.forEach(r -> sessions.put(r.getString("client_id"), r));
                    return pool.preparedQuery("""
                            SELECT client_id, topic_filter, filter, share_group, qos, no_local, retain_as_published,
                                   retain_handling, subscription_id FROM mqtt_subscription WHERE""" + " " + chosen)
                            .execute(args);
                })
                .compose(rows -> {
                    for (Row r : rows) {
                        String id = r.getString("client_id");
                        subs.computeIfAbsent(id, k -> new ArrayList<>()).add(new StoredSubscription(
                                r.getString("topic_filter"), new Subscription(id, r.getString("filter"),
                                r.getString("share_group"), r.getShort("qos"), r.getBoolean("no_local"),
                                r.getBoolean("retain_as_published"), r.getShort("retain_handling"),
                                r.getInteger("subscription_id"))));
                    }
                    return pool.preparedQuery("""
                            SELECT q.client_id, q.seq, q.qos, q.retain, q.subscription_ids, q.share_group,
                                   q.share_filter, q.released, m.message_id, m.topic, m.payload, m.qos AS mqos,
                                   m.retain AS mretain, m.properties, m.publisher_client_id, m.publisher_username,
                                   m.created_at, m.expires_at
                            FROM (SELECT *, row_number() OVER (PARTITION BY client_id ORDER BY seq DESC) AS newest
                                  FROM mqtt_queue WHERE""" + " " + chosen + """
                            ) q
                            JOIN mqtt_message m ON m.message_id = q.message_id
                            WHERE q.newest <=""" + " " + limit + """

                            ORDER BY q.client_id, q.seq""").execute(withLimit);
                })
                .compose(rows -> {
                    for (Row r : rows) {
                        queues.computeIfAbsent(r.getString("client_id"), k -> new ArrayList<>()).add(delivery(r));
                    }
                    return pool.preparedQuery("SELECT client_id, packet_id FROM mqtt_inbound_qos2 WHERE " + chosen)
                            .execute(args);
                })
                .map(rows -> {
                    for (Row r : rows) {
                        inbound.computeIfAbsent(r.getString("client_id"), k -> new HashSet<>())
                                .add(r.getInteger("packet_id"));
                    }
                    List<StoredSession> result = new ArrayList<>(sessions.size());
                    long now = System.currentTimeMillis();
                    for (Row r : sessions.values()) {
                        String id = r.getString("client_id");
                        // a session still marked connected was cut off by a crash: it disconnected now
                        long disconnectedAt = r.getBoolean("connected") ? now
                                : millis(r.getOffsetDateTime("disconnected_at"));
                        result.add(new StoredSession(id, r.getString("username"), r.getShort("protocol_version"),
                                r.getLong("expiry_seconds"), disconnectedAt, subs.getOrDefault(id, List.of()),
                                queues.getOrDefault(id, List.of()), inbound.getOrDefault(id, Set.of())));
                    }
                    return result;
                });
    }

    private static StoredDelivery delivery(Row r) {
        JsonObject props = r.getJsonObject("properties");
        Message m = new Message(r.getLong("message_id"), r.getString("topic"), r.getBuffer("payload").getBytes(),
                r.getShort("mqos"), r.getBoolean("mretain"), MessageJson.fromJson(props),
                r.getString("publisher_client_id"), r.getString("publisher_username"),
                millis(r.getOffsetDateTime("created_at")), millis(r.getOffsetDateTime("expires_at")));
        Integer[] ids = r.getArrayOfIntegers("subscription_ids");
        int[] subscriptionIds = new int[ids == null ? 0 : ids.length];
        for (int i = 0; i < subscriptionIds.length; i++) {
            subscriptionIds[i] = ids[i];
        }
        Delivery d = new Delivery(m, r.getShort("qos"), r.getBoolean("retain"), subscriptionIds,
                r.getString("share_group"), r.getString("share_filter"));
        return new StoredDelivery(r.getLong("seq"), d, r.getBoolean("released"));
    }
}
