package io.kin.bench.traffic;

import java.util.concurrent.locks.LockSupport;

/**
 * When message {@code n} of a publisher may go: at {@code start + n / rate}. A publisher that falls behind sends
 * at once until it has caught up, so the average rate holds. Rate 0 means no pacing.
 */
public record PublishPace(double messagesPerSecond) {

    public boolean unpaced() {
        return messagesPerSecond <= 0;
    }

    public long dueNanos(long startNanos, long sequence) {
        return unpaced() ? startNanos : startNanos + (long) (sequence * 1_000_000_000.0 / messagesPerSecond);
    }

    /** Sleeps until message {@code sequence} is due, but never past {@code deadlineNanos}. */
    public void awaitTurn(long startNanos, long sequence, long deadlineNanos) {
        long due = Math.min(dueNanos(startNanos, sequence), deadlineNanos);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
