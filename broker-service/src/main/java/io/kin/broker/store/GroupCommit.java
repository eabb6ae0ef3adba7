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
import java.util.function.Function;

/**
 * Group commit: writes submitted by many connections at once go to PostgreSQL together, in one transaction, so
 * durability costs one commit per batch instead of one per message. While a transaction is in flight the next
 * writes gather; a batch is bounded by {@code kin.store.max-batch} writes. Each submission's future completes when
 * its writes are committed (or fails when they are not — the caller must then not acknowledge).
 *
 * <p>Writes keep their submission order: consecutive writes with the same SQL run as one statement, all on one
 * connection inside one transaction. A write with a {@link Bulk} form (the per-message inserts and deletes of
 * persistent sessions) runs as one multi-row statement for the whole run (arrays of column values, {@code unnest}),
 * so a batch of a thousand messages costs PostgreSQL a few statements rather than thousands; other runs go as one
 * pipelined batch of single-row statements. Writes marked {@link Bulk#goesFirst()} (inserts of rows others refer
 * to, which nothing in a batch updates or deletes) move to the front of their transaction, so the interleaved
 * "message row, queue row, message row, ..." of a fan-in becomes two runs. Writes with a {@link Bulk#stage()} (a
 * queue row's insert, "released" update and delete) may be reordered among themselves between two other writes, in
 * stage order: one row's writes only ever come in that order and a key is never used again, so the mixed stream of a
 * busy broker ("insert, delete, release, insert, delete, ...") runs as one statement per stage instead of hundreds.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /**
     * One statement with its arguments.
     *
     * @param bulk its multi-row form (a run of such writes becomes one statement), or null
     */
    public record Write(String sql, Tuple args, Bulk bulk) {
        public Write(String sql, Tuple args) {
            this(sql, args, null);
        }
    }

    /**
     * The multi-row form of a single-row statement.
     *
     * @param sql       the statement for many rows; its parameters are built by {@code columns}
     * @param columns   turns the single-row arguments of a run of writes into the multi-row statement's arguments
     * @param goesFirst the write may run before everything else in its transaction (see the class comment)
     * @param stage     0, or the write's place in its row's life (1 insert, 2 update, 3 delete): such writes may be
     *                  reordered by stage among themselves between two other writes (see the class comment)
     */
    public record Bulk(String sql, Function<List<Tuple>, Tuple> columns, boolean goesFirst, int stage) {
        public Bulk(String sql, Function<List<Tuple>, Tuple> columns, boolean goesFirst) {
            this(sql, columns, goesFirst, 0);
        }
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
        pool.withConnection(conn -> inOneRoundTrip(conn, batch)).onComplete(ar -> {
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

    /**
     * The whole transaction in one round trip: BEGIN, the statements and COMMIT are sent at once (the client
     * pipelines them) instead of waiting for BEGIN, then for the statements, then for COMMIT. When a statement
     * fails PostgreSQL aborts the transaction and answers the COMMIT with a rollback; the statement's failure then
     * fails the batch, so nothing is reported committed that was not.
     */
    private static Future<Void> inOneRoundTrip(SqlConnection conn, List<Pending> batch) {
        Future<?> begin = conn.query("BEGIN").execute();
        Future<Void> statements;
        String end = "COMMIT";
        try {
            statements = execute(conn, batch);
        } catch (RuntimeException e) {
            statements = Future.failedFuture(e); // some statements may have gone out: none of them may commit
            end = "ROLLBACK";
        }
        Future<?> commit = conn.query(end).execute();
        Future<Void> all = Future.all(begin, statements).mapEmpty();
        return all.transform(ar -> commit.transform(c -> ar.failed() ? Future.failedFuture(ar.cause())
                : c.failed() ? Future.failedFuture(c.cause()) : Future.<Void>succeededFuture()));
    }

    private static Future<Void> execute(SqlConnection conn, List<Pending> batch) {
        List<Future<?>> results = new ArrayList<>();
        Run run = new Run();
        for (Pending p : batch) {
            for (Write w : p.writes()) {
                if (w.bulk() != null && w.bulk().goesFirst()) {
                    run = run.add(conn, w, results);
                }
            }
        }
        List<Write> staged = new ArrayList<>();
        for (Pending p : batch) {
            for (Write w : p.writes()) {
                if (w.bulk() != null && w.bulk().goesFirst()) {
                    continue;
                }
                if (w.bulk() != null && w.bulk().stage() > 0) {
                    staged.add(w);
                } else {
                    run = addStaged(conn, staged, run, results);
                    run = run.add(conn, w, results);
                }
            }
        }
        run = addStaged(conn, staged, run, results);
        run.execute(conn, results);
        return Future.all(results).mapEmpty();
    }

    /** The staged writes gathered since the last other write, in stage order (stable: same stage keeps its order). */
    private static Run addStaged(SqlConnection conn, List<Write> staged, Run run, List<Future<?>> results) {
        staged.sort(java.util.Comparator.comparingInt(w -> w.bulk().stage()));
        for (Write w : staged) {
            run = run.add(conn, w, results);
        }
        staged.clear();
        return run;
    }

    /** Consecutive writes with the same SQL. */
    private static final class Run {
        Write first;
        final List<Tuple> args = new ArrayList<>();

        /** Adds the write to this run, or executes this run and returns a new one that starts with the write. */
        Run add(SqlConnection conn, Write w, List<Future<?>> results) {
            if (first == null || first.sql().equals(w.sql())) {
                if (first == null) {
                    first = w;
                }
                args.add(w.args());
                return this;
            }
            execute(conn, results);
            return new Run().add(conn, w, results);
        }

        void execute(SqlConnection conn, List<Future<?>> results) {
            if (first == null) {
                return;
            }
            if (first.bulk() != null && args.size() > 1) {
                results.add(conn.preparedQuery(first.bulk().sql()).execute(first.bulk().columns().apply(args)));
            } else if (args.size() == 1) {
                results.add(conn.preparedQuery(first.sql()).execute(args.get(0)));
            } else {
                results.add(conn.preparedQuery(first.sql()).executeBatch(args));
            }
        }
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
