package io.kin.broker.bridge;

import io.kin.broker.bridge.BridgeMeters.DropReason;
import io.kin.rules.bridge.BridgeConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bridge in front of one {@link BridgeTransport}: senders only append to a bounded lock-free buffer; the bridge's
 * own event-loop context takes records from it and delivers them, so a slow or dead system costs the senders
 * nothing. While the system answers, up to {@code maxInflight} deliveries run at once; after a failure the bridge
 * backs off and sends one record at a time until one gets through (so the buffer fills while the system is down and
 * drains when it is back).
 */
final class BufferedBridge implements Bridge {

    private static final Logger LOG = Logger.getLogger(BufferedBridge.class);

    /** A record on its way, with the retries it has had. */
    private record Attempt(BridgeRecord record, int retries) {
    }

    private final BridgeConfig config;
    private final BridgeTransport transport;
    private final BridgeMeters meters;
    private final Vertx vertx;
    private final Context context;
    private final long closeTimeoutMillis;

    // touched by senders on any thread
    private final Deque<BridgeRecord> buffer = new ConcurrentLinkedDeque<>();
    private final AtomicInteger depth = new AtomicInteger();
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private volatile boolean closed;
    private volatile BridgeState state = BridgeState.CONNECTING;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile long lastBufferFullAt;

    // confined to the bridge's context
    private final Deque<Attempt> retries = new ArrayDeque<>();
    private boolean started;
    private boolean linkUp;
    private boolean connecting;
    private int inflight;
    private int failuresInARow;
    private long resumeTimer = -1;
    private Promise<Void> closing;
    private BufferedBridge successor; // set when a new configuration replaces this bridge
    private boolean finished;

    BufferedBridge(BridgeConfig config, BridgeTransport transport, BridgeMeters meters, Vertx vertx, Context context,
                   long closeTimeoutMillis) {
        this.config = config;
        this.transport = transport;
        this.meters = meters;
        this.vertx = vertx;
        this.context = context;
        this.closeTimeoutMillis = closeTimeoutMillis;
        meters.depthFrom(depth::get);
        transport.onConnectionLost(cause -> context.runOnContext(v -> connectionLost(cause)));
    }

    /** Starts connecting; records sent before wait in the buffer (while the bridge this one replaces hands over). */
    void start() {
        context.runOnContext(v -> {
            started = true;
            pump();
        });
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public BridgeConfig config() {
        return config;
    }

    @Override
    public SendResult send(BridgeRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            meters.dropped(DropReason.CLOSED, 1);
            return SendResult.DROPPED_CLOSED;
        }
        if (depth.incrementAndGet() > config.bufferSize()) {
            depth.decrementAndGet();
            meters.dropped(DropReason.BUFFER_FULL, 1);
            lastBufferFullAt = System.currentTimeMillis();
            return SendResult.DROPPED_BUFFER_FULL;
        }
        buffer.add(record);
        meters.enqueued();
        if (pumpScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                pumpScheduled.set(false);
                pump();
            });
        }
        return SendResult.ACCEPTED;
    }

    @Override
    public BridgeStatus status() {
        long fullAt = lastBufferFullAt;
        String drop = null;
        Instant dropAt = null;
        if (fullAt > 0) {
            dropAt = Instant.ofEpochMilli(fullAt);
            drop = "buffer full (" + config.bufferSize() + " records): new records were dropped while the bridge was "
                    + "not keeping up" + (lastError == null ? "" : " (last error: " + lastError + ")");
        }
        return new BridgeStatus(config.name(), config.type(), state, lastError, lastErrorAt, drop, dropAt, depth.get(),
                config.bufferSize(), meters.enqueuedCount(), meters.sentCount(), meters.failedCount(),
                meters.droppedCount(), meters.retriedCount());
    }

    /** Takes records from the buffer while the window allows; runs on the bridge's context. */
    private void pump() {
        if (!started || finished) {
            return;
        }
        if (successor != null || (closing != null && (!linkUp || failuresInARow > 0))) {
            // replaced (the successor takes over what is left), or closing while nothing gets through: start no
            // new deliveries, finish once those under way are done
            if (inflight == 0) {
                finish();
            }
            return;
        }
        if (resumeTimer >= 0) {
            return;
        }
        if (!linkUp) {
            connect();
            return;
        }
        int window = failuresInARow == 0 ? config.maxInflight() : 1;
        while (inflight < window) {
            Attempt next = retries.poll();
            if (next == null) {
                BridgeRecord record = buffer.poll();
                if (record == null) {
                    break;
                }
                depth.decrementAndGet();
                next = new Attempt(record, 0);
            }
            deliver(next);
        }
        if (closing != null && inflight == 0 && retries.isEmpty() && buffer.isEmpty()) {
            finish();
        }
    }

    private void connect() {
        if (connecting) {
            return;
        }
        connecting = true;
        Future<Void> f;
        try {
            f = transport.connect();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> context.runOnContext(v -> connected(ar)));
    }

    private void connected(AsyncResult<Void> ar) {
        connecting = false;
        if (finished) {
            return;
        }
        if (ar.succeeded()) {
            if (state == BridgeState.DISCONNECTED) {
                LOG.infof("bridge %s connected again", config.name());
            }
            linkUp = true;
            failuresInARow = 0;
            state = BridgeState.CONNECTED;
            pump();
        } else {
            noteError(ar.cause());
            if (failuresInARow == 0) {
                LOG.warnf("bridge %s cannot connect: %s", config.name(), lastError);
            }
            failuresInARow++;
            state = BridgeState.DISCONNECTED;
            backOff();
        }
    }

    private void connectionLost(Throwable cause) {
        if (!linkUp || finished) {
            return;
        }
        linkUp = false;
        noteError(cause);
        LOG.warnf("bridge %s lost its connection: %s", config.name(), lastError);
        state = BridgeState.DISCONNECTED;
        failuresInARow++;
        backOff();
    }

    private void deliver(Attempt attempt) {
        inflight++;
        Future<Void> f;
        try {
            f = transport.deliver(attempt.record());
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> context.runOnContext(v -> delivered(attempt, ar)));
    }

    private void delivered(Attempt attempt, AsyncResult<Void> ar) {
        inflight--;
        if (finished) {
            // answered after the bridge closed: only count it
            if (ar.succeeded()) {
                meters.sent();
            } else {
                meters.failed();
            }
            return;
        }
        if (ar.succeeded()) {
            meters.sent();
            if (failuresInARow > 0 || state != BridgeState.CONNECTED) {
                if (state == BridgeState.DISCONNECTED) {
                    LOG.infof("bridge %s delivers again", config.name());
                }
                failuresInARow = 0;
                state = BridgeState.CONNECTED;
            }
        } else {
            deliveryFailed(attempt, ar.cause());
        }
        pump();
    }

    private void deliveryFailed(Attempt attempt, Throwable cause) {
        noteError(cause);
        if (cause instanceof UndeliverableException) {
            meters.failed();
            return;
        }
        if (failuresInARow == 0) {
            LOG.warnf("bridge %s: delivery failed, retrying with back-off: %s", config.name(), lastError);
        }
        failuresInARow++;
        state = BridgeState.DISCONNECTED;
        if (!transport.isConnected()) {
            linkUp = false;
        }
        if (attempt.retries() < config.maxRetries()) {
            meters.retried();
            retries.addFirst(new Attempt(attempt.record(), attempt.retries() + 1));
        } else {
            meters.failed();
        }
        backOff();
    }

    /** Pauses deliveries (and reconnects) for the back-off of the current run of failures. */
    private void backOff() {
        if (resumeTimer >= 0 || finished) {
            return;
        }
        long delay = config.backoff().toMillis() << Math.min(failuresInARow - 1, 30);
        delay = Math.min(delay <= 0 ? Long.MAX_VALUE : delay, config.maxBackoff().toMillis());
        resumeTimer = vertx.setTimer(Math.max(1, delay), id -> {
            resumeTimer = -1;
            pump();
        });
    }

    private void noteError(Throwable cause) {
        String text = cause.getMessage();
        lastError = text == null || text.isBlank() ? cause.getClass().getSimpleName() : text;
        lastErrorAt = Instant.now();
    }

    @Override
    public Future<Void> close() {
        return closeHandingOverTo(null);
    }

    /**
     * Closes this bridge for a new configuration of the same name: deliveries under way may finish (within the
     * close timeout), then the records still waiting move to {@code next}'s buffer instead of being dropped (so
     * fixing a wrong URL delivers what piled up meanwhile).
     */
    Future<Void> handOver(BufferedBridge next) {
        return closeHandingOverTo(next);
    }

    private Future<Void> closeHandingOverTo(BufferedBridge next) {
        closed = true;
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (closing == null) {
                closing = Promise.promise();
                successor = next;
                vertx.setTimer(Math.max(1, closeTimeoutMillis), id -> finish());
                started = true;
                pump();
            }
            closing.future().onComplete(done);
        });
        return done.future();
    }

    /** Takes records over from the bridge this one replaces, ahead of newer ones; what does not fit is dropped. */
    private void adopt(List<BridgeRecord> older) {
        for (int i = older.size() - 1; i >= 0; i--) {
            if (depth.incrementAndGet() > config.bufferSize()) {
                depth.decrementAndGet();
                meters.dropped(DropReason.BUFFER_FULL, 1);
                lastBufferFullAt = System.currentTimeMillis();
            } else {
                buffer.offerFirst(older.get(i));
            }
        }
    }

    /** Closes the transport; what could not be delivered in time counts as dropped. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (resumeTimer >= 0) {
            vertx.cancelTimer(resumeTimer);
            resumeTimer = -1;
        }
        List<BridgeRecord> left = new java.util.ArrayList<>();
        retries.forEach(a -> left.add(a.record()));
        retries.clear();
        BridgeRecord r;
        while ((r = buffer.poll()) != null) {
            depth.decrementAndGet();
            left.add(r);
        }
        if (successor != null) {
            successor.adopt(left);
        } else if (!left.isEmpty()) {
            meters.dropped(DropReason.CLOSED, left.size());
            LOG.infof("bridge %s closed with %d records undelivered", config.name(), left.size());
        }
        state = BridgeState.CLOSED;
        Future<Void> f;
        try {
            f = transport.close();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            if (ar.failed()) {
                LOG.debugf("closing bridge %s: %s", config.name(), ar.cause().toString());
            }
            closing.complete();
        });
    }
}
