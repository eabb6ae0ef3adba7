package io.kin.broker.bridge;

import io.kin.rules.bridge.BridgeType;

import java.time.Instant;

/**
 * A bridge's health and counters at one moment, for the admin API. The counters are the same values as the
 * {@code kin.bridge.*} meters tagged with the bridge's name (they survive a configuration change of the bridge).
 *
 * @param lastError   the most recent connection or delivery error, or null
 * @param lastDrop    why records were last dropped (e.g. the buffer was full while the system was down), or null
 * @param depth       records waiting in the buffer
 * @param capacity    the buffer's size
 */
public record BridgeStatus(String name, BridgeType type, BridgeState state, String lastError, Instant lastErrorAt,
                           String lastDrop, Instant lastDropAt, int depth, int capacity, long enqueued, long sent,
                           long failed, long dropped, long retried) {
}
