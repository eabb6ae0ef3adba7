package io.kin.bench.traffic;

import io.kin.bench.client.BenchClient;
import io.kin.bench.measure.LatencyRecorder;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One publishing client's loop: sequence numbers 0, 1, 2 ... until the message cap or the deadline, paced by
 * {@link PublishPace}, with at most {@code inFlight} publishes not yet completed so neither the client's queue nor
 * the broker's is flooded without bound.
 */
public final class Publisher implements Runnable {

    private final int id;
    private final BenchClient client;
    private final String topic;
    private final int qos;
    private final int payloadSize;
    private final long messageCap;
    private final PublishPace pace;
    private final int inFlight;
    private final Semaphore window;
    private final LongAdder errors = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private volatile long sent;
    private volatile Throwable firstError;
    private volatile LatencyRecorder completionLatency;

    private long startNanos;
    private long deadlineNanos;

    public Publisher(int id, BenchClient client, String topic, int qos, int payloadSize, long messageCap,
                     PublishPace pace, int inFlight) {
        this.id = id;
        this.client = client;
        this.topic = topic;
        this.qos = qos;
        this.payloadSize = payloadSize;
        this.messageCap = messageCap;
        this.pace = pace;
        this.inFlight = inFlight;
        this.window = new Semaphore(inFlight);
    }

    /**
     * Records, for every publish that completes without error, the time from handing it to the client to its
     * completion: for QoS 1 the PUBACK, for QoS 2 the PUBCOMP, for QoS 0 the socket write. Call before {@link #run()}.
     */
    public Publisher recordCompletionLatency(LatencyRecorder recorder) {
        this.completionLatency = recorder;
        return this;
    }

    /** Must be called before {@link #run()}: every publisher of a run shares one start and one deadline. */
    public void schedule(long startNanos, long deadlineNanos) {
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
        long sequence = 0;
        try {
            while (sequence < messageCap && System.nanoTime() < deadlineNanos) {
                pace.awaitTurn(startNanos, sequence, deadlineNanos);
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0 || !window.tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
                    break;
                }
                long sendNanos = System.nanoTime();
                LatencyRecorder completions = completionLatency;
                client.publish(topic, qos, Payload.encode(payloadSize, id, sequence, sendNanos))
                        .whenComplete((ok, error) -> {
                            if (completions != null && error == null) {
                                completions.record(System.nanoTime() - sendNanos);
                            }
                            if (error != null) {
                                errors.increment();
                                if (firstError == null) {
                                    firstError = error;
                                }
                            } else {
                                completed.increment();
                            }
                            window.release();
                        });
                sequence++;
                sent = sequence;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every publish sent has completed (or failed); false if some are still open at the timeout. */
    public boolean awaitCompletion(long timeoutNanos) throws InterruptedException {
        if (!window.tryAcquire(inFlight, timeoutNanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        window.release(inFlight);
        return true;
    }

    public int id() {
        return id;
    }

    public BenchClient client() {
        return client;
    }

    /** Messages handed to the client: sequence numbers {@code 0 .. sent-1}. */
    public long sent() {
        return sent;
    }

    public long completed() {
        return completed.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public Throwable firstError() {
        return firstError;
    }
}
