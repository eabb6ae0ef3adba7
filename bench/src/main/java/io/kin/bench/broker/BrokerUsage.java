package io.kin.bench.broker;

/**
 * A broker's resource use over one measured window.
 *
 * @param cpuPercent CPU time used over the window as a percentage of one core (200 = two cores busy)
 */
public record BrokerUsage(long rssStartKb, long rssPeakKb, long rssEndKb, double cpuSeconds, double cpuPercent) {
}
