package io.kin.broker.store;

import io.kin.broker.message.Message;
import io.kin.broker.message.MessageProperties;
import io.kin.broker.session.Delivery;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit sends each batch as one pipelined transaction with multi-row statements; a failing write must still
 * fail alone, and nothing of a failed batch may be committed twice or half.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class GroupCommitTests {

    @Inject
    GroupCommit groupCommit;

    @Inject
    PgSessionStore sessions;

    @Inject
    Pool pool;

    private long count(String sql, Tuple args) throws Exception {
        return pool.preparedQuery(sql).execute(args).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    }

    private static void await(Future<?> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Holds the group commit busy for a moment, so the writes submitted meanwhile gather into one batch. */
    private Future<Void> slowWrite() {
        return groupCommit.submit(new GroupCommit.Write("SELECT pg_sleep(0.3)", Tuple.tuple()));
    }

    @Test
    void aFailingWriteInABatchFailsAloneAndItsNeighboursAreCommitted() throws Exception {
        String prefix = "gc-" + UUID.randomUUID() + "-";
        Future<Void> slow = slowWrite();
        List<Future<Void>> good = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            good.add(sessions.opened(prefix + i, null, 5, 300));
        }
        // a queue row for a session that does not exist violates its foreign key
        Future<Void> bad = groupCommit.submit(new GroupCommit.Write("""
                INSERT INTO mqtt_queue (client_id, seq, message_id, qos, retain) VALUES ($1, 1, 1, 1, false)""",
                Tuple.of(prefix + "missing")));
        for (int i = 5; i < 10; i++) {
            good.add(sessions.opened(prefix + i, null, 5, 300));
        }
        await(slow);
        await(Future.join(new ArrayList<Future<?>>(good)).transform(ar -> Future.succeededFuture()));
        bad.toCompletionStage().toCompletableFuture().handle((v, t) -> null).get(30, TimeUnit.SECONDS);

        assertThat(bad.failed()).as("the bad write fails").isTrue();
        assertThat(good).allMatch(Future::succeeded);
        assertThat(count("SELECT count(*) FROM mqtt_session WHERE client_id LIKE $1", Tuple.of(prefix + "%")))
                .as("every good write committed exactly once").isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            await(sessions.ended(prefix + i));
        }
    }

    @Test
    void messagesQueuedForASessionInOneBatchAllLandWithFewCommits() throws Exception {
        String client = "gc-" + UUID.randomUUID();
        await(sessions.opened(client, null, 5, 300));
        long commitsBefore = groupCommit.commits();
        Future<Void> slow = slowWrite();
        List<Future<Void>> queued = new ArrayList<>();
        int n = 500;
        long firstId = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Message m = new Message(firstId + i, "gc/t", new byte[]{(byte) i}, 1, false, MessageProperties.NONE,
                    "pub", null, System.currentTimeMillis(), 0);
            queued.add(sessions.enqueued(client, i + 1, Delivery.direct(m, 1, false, new int[]{i % 3 == 0 ? 7 : 0})));
        }
        await(slow);
        await(Future.all(new ArrayList<Future<?>>(queued)));
        assertThat(groupCommit.commits() - commitsBefore).as("batched: far fewer commits than writes")
                .isLessThan(20);
        assertThat(count("SELECT count(*) FROM mqtt_queue WHERE client_id = $1", Tuple.of(client))).isEqualTo(n);
        assertThat(count("""
                SELECT count(*) FROM mqtt_queue q JOIN mqtt_message m ON m.message_id = q.message_id
                WHERE q.client_id = $1 AND q.subscription_ids = '{7}'""", Tuple.of(client))).isEqualTo(167);

        List<Future<Void>> removed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            removed.add(sessions.removed(client, i + 1));
        }
        await(Future.all(new ArrayList<Future<?>>(removed)));
        assertThat(count("SELECT count(*) FROM mqtt_queue WHERE client_id = $1", Tuple.of(client))).isZero();
        await(sessions.ended(client));
    }

    @Test
    void interleavedQueueRowWritesInOneBatchEndAsTheirLastWriteSays() throws Exception {
        String client = "gc-" + UUID.randomUUID();
        await(sessions.opened(client, null, 5, 300));
        long firstId = System.nanoTime();
        int n = 60;
        List<Future<Void>> setup = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            setup.add(sessions.enqueued(client, i, Delivery.direct(message(firstId + i), 2, false, new int[]{0})));
        }
        await(Future.all(new ArrayList<Future<?>>(setup)));

        // one batch as a busy broker writes it: acks, PUBRECs and new rows mixed, a session write in the middle,
        // and a row that is inserted, released and deleted within the batch
        Future<Void> slow = slowWrite();
        List<Future<Void>> mixed = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (i == n / 2) {
                mixed.add(sessions.opened(client + "-other", null, 5, 300));
            }
            mixed.add(i % 3 == 0 ? sessions.removed(client, i) : i % 3 == 1 ? sessions.released(client, i)
                    : sessions.enqueued(client, n + i, Delivery.direct(message(firstId + n + i), 2, false, new int[]{0})));
        }
        mixed.add(sessions.enqueued(client, 10 * n, Delivery.direct(message(firstId + 10 * n), 2, false, new int[]{0})));
        mixed.add(sessions.released(client, 10 * n));
        mixed.add(sessions.removed(client, 10 * n));
        await(slow);
        await(Future.all(new ArrayList<Future<?>>(mixed)));

        int removed = n / 3;
        int releasedRows = (n + 2) / 3;
        int added = n / 3;
        assertThat(count("SELECT count(*) FROM mqtt_queue WHERE client_id = $1", Tuple.of(client)))
                .as("rows left: the first %d less those acknowledged, plus the new ones", n).isEqualTo(n - removed + added);
        assertThat(count("SELECT count(*) FROM mqtt_queue WHERE client_id = $1 AND seq % 3 = 0 AND seq <= $2",
                Tuple.of(client, (long) n))).as("acknowledged rows are gone").isZero();
        assertThat(count("SELECT count(*) FROM mqtt_queue WHERE client_id = $1 AND released", Tuple.of(client)))
                .as("released rows").isEqualTo(releasedRows);
        assertThat(count("SELECT count(*) FROM mqtt_queue WHERE client_id = $1 AND seq = $2",
                Tuple.of(client, 10L * n))).as("inserted, released and deleted in one batch").isZero();
        assertThat(count("SELECT count(*) FROM mqtt_session WHERE client_id = $1", Tuple.of(client + "-other")))
                .isEqualTo(1);
        await(sessions.ended(client));
        await(sessions.ended(client + "-other"));
    }

    private static Message message(long id) {
        return new Message(id, "gc/t", new byte[]{1}, 2, false, MessageProperties.NONE, "pub", null,
                System.currentTimeMillis(), 0);
    }
}
