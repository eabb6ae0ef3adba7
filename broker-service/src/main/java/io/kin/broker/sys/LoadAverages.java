package io.kin.broker.sys;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mosquitto's {@code $SYS/broker/load/...} figures: exponentially weighted moving averages, over 1, 5 and 15
 * minutes, of per-minute rates (messages and bytes in and out, connections).
 */
final class LoadAverages {

    private static final int[] WINDOWS_MINUTES = {1, 5, 15};
    private static final String[] SERIES = {"messages/received", "messages/sent", "bytes/received", "bytes/sent",
            "connections", "publish/dropped"};

    private final double[][] averages = new double[SERIES.length][WINDOWS_MINUTES.length];
    private final long[] last = new long[SERIES.length];
    private long lastSampleAt;

    synchronized void sample(BrokerStats stats) {
        long now = System.currentTimeMillis();
        long[] current = {stats.received(), stats.sent(), stats.receivedBytes(), stats.sentBytes(),
                stats.totalConnects(), stats.dropped()};
        if (lastSampleAt == 0) {
            System.arraycopy(current, 0, last, 0, current.length);
            lastSampleAt = now;
            return;
        }
        double elapsed = Math.max(0.001, (now - lastSampleAt) / 1000.0);
        for (int s = 0; s < SERIES.length; s++) {
            double perMinute = (current[s] - last[s]) * 60.0 / elapsed;
            for (int w = 0; w < WINDOWS_MINUTES.length; w++) {
                double decay = Math.exp(-elapsed / (WINDOWS_MINUTES[w] * 60.0));
                averages[s][w] = averages[s][w] * decay + perMinute * (1 - decay);
            }
            last[s] = current[s];
        }
        lastSampleAt = now;
    }

    synchronized Map<String, String> figures() {
        Map<String, String> f = new LinkedHashMap<>();
        for (int s = 0; s < SERIES.length; s++) {
            for (int w = 0; w < WINDOWS_MINUTES.length; w++) {
                f.put("load/" + SERIES[s] + "/" + WINDOWS_MINUTES[w] + "min", String.format(java.util.Locale.ROOT, "%.2f", averages[s][w]));
            }
        }
        return f;
    }
}
