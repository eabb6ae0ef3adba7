package io.kin.broker.mqtt;

/**
 * A listener's CONNECT rate limit: a token bucket that holds one second's worth of CONNECTs and refills at the
 * configured rate. Shared by the listener's event loops.
 */
final class ConnectRate {

    private final double perSecond;
    private double tokens;
    private long last;

    ConnectRate(int perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.last = System.nanoTime();
    }

    /** Takes one CONNECT from the bucket; false when the listener is over its rate. */
    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1_000_000_000d);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
