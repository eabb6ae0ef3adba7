package io.kin.broker.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import io.kin.broker.config.BrokerConfig;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Group commit: writes submitted by many connections at once go to PostgreSQL together, in one transaction, so
 * durability costs one commit per batch instead of one per message. While a transaction is in flight the next
 * writes gather; a batch is bounded by {@code kin.store.max-batch} writes. Each submission's future completes when
 * its writes are committed (or fails when they are not — the caller must then not acknowledge).
 *
 * <p>Writes keep their submission order: consecutive writes with the same SQL run as one pipelined batch statement,
 * all on one connection inside one transaction.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** One statement with its arguments. */
    public record Write(String sql, Tuple args) {
    }

    private record Pending(List<Write> writes, Promise<Void> done) {
    }

    private final Pool pool;
    private final int maxBatch;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final LongAdder commits = new LongAdder();
    private final LongAdder committedWrites = new LongAdder();
    private final LongAdder failedWrites = new LongAdder();

    GroupCommit(Pool pool, BrokerConfig config) {
        this.pool = pool;
        this.maxBatch = config.store().maxBatch();
    }

    public Future<Void> submit(Write... writes) {
        return submit(List.of(writes));
    }

    public Future<Void> submit(List<Write> writes) {
        if (writes.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        queue.add(new Pending(writes, done));
        queued.addAndGet(writes.size());
        kick();
        return done.future();
    }

    private void kick() {
        if (flushing.compareAndSet(false, true)) {
            flush();
        }
    }

    private void flush() {
        List<Pending> batch = new ArrayList<>();
        int writes = 0;
        Pending p;
        while (writes < maxBatch && (p = queue.poll()) != null) {
            batch.add(p);
            writes += p.writes().size();
        }
        queued.addAndGet(-writes);
        if (batch.isEmpty()) {
            flushing.set(false);
            // a submission may have slipped in after the poll and before the flag was cleared
            if (!queue.isEmpty()) {
                kick();
            }
            return;
        }
        int size = writes;
        pool.withTransaction(conn -> execute(conn, batch)).onComplete(ar -> {
            if (ar.succeeded()) {
                commits.increment();
                committedWrites.add(size);
                batch.forEach(b -> b.done().complete());
                flush();
            } else if (batch.size() > 1) {
                // one bad write must not fail its neighbours: commit each submission on its own
                LOG.debugf("batch of %d submissions failed (%s); retrying them one by one", batch.size(),
                        ar.cause().toString());
                one(batch, 0);
            } else {
                failedWrites.add(size);
                batch.get(0).done().fail(ar.cause());
                flush();
            }
        });
    }

    private void one(List<Pending> batch, int index) {
        if (index == batch.size()) {
            flush();
            return;
        }
        Pending p = batch.get(index);
        pool.withTransaction(conn -> execute(conn, List.of(p))).onComplete(ar -> {
            if (ar.succeeded()) {
                commits.increment();
                committedWrites.add(p.writes().size());
                p.done().complete();
            } else {
                failedWrites.add(p.writes().size());
                p.done().fail(ar.cause());
            }
            one(batch, index + 1);
        });
    }

    private static Future<Void> execute(SqlConnection conn, List<Pending> batch) {
        List<Future<?>> results = new ArrayList<>();
        String sql = null;
        List<Tuple> run = new ArrayList<>();
        for (Pending p : batch) {
            for (Write w : p.writes()) {
                if (!w.sql().equals(sql) && !run.isEmpty()) {
                    results.add(conn.preparedQuery(sql).executeBatch(run));
                    run = new ArrayList<>();
                }
                sql = w.sql();
                run.add(w.args());
            }
        }
        if (!run.isEmpty()) {
            results.add(conn.preparedQuery(sql).executeBatch(run));
        }
        return Future.all(results).mapEmpty();
    }

    /** Writes waiting for the next commit. */
    public int backlog() {
        return queued.get();
    }

    public long commits() {
        return commits.sum();
    }

    public long committedWrites() {
        return committedWrites.sum();
    }

    public long failedWrites() {
        return failedWrites.sum();
    }
}
