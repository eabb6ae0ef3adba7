package io.kin.bench.scenario;

import io.kin.bench.measure.LatencySummary;
import io.kin.bench.measure.SequenceCounts;
import io.kin.bench.report.Figure;
import io.kin.bench.report.RunReport;

/** The figures every publish/subscribe scenario reports, with the same keys so runs can be compared. */
final class DeliveryFigures {

    private DeliveryFigures() {
    }

    static void addPublished(RunReport.Builder report, long published, long publishErrors, double publishSeconds) {
        report.figure("published", "published", published, Figure.Kind.COUNT)
                .figure("published_msg_per_s", "published msg/s", rate(published, publishSeconds), Figure.Kind.RATE)
                .figure("publish_errors", "publish errors", publishErrors, Figure.Kind.COUNT);
    }

    /** Publish-to-acknowledgement latency as the publisher sees it (PUBACK for QoS 1, PUBCOMP for QoS 2). */
    static void addCompletionLatency(RunReport.Builder report, int qos, LatencySummary latency) {
        String ack = switch (qos) {
            case 1 -> "PUBACK";
            case 2 -> "PUBCOMP";
            default -> "write";
        };
        String label = "publish-to-" + ack + " latency";
        report.figure("ack_latency_p50_ms", label + " p50 (ms)", LatencySummary.millis(latency.p50Nanos()), Figure.Kind.MILLIS)
                .figure("ack_latency_p95_ms", label + " p95 (ms)", LatencySummary.millis(latency.p95Nanos()), Figure.Kind.MILLIS)
                .figure("ack_latency_p99_ms", label + " p99 (ms)", LatencySummary.millis(latency.p99Nanos()), Figure.Kind.MILLIS)
                .figure("ack_latency_max_ms", label + " max (ms)", LatencySummary.millis(latency.maxNanos()), Figure.Kind.MILLIS);
    }

    static void addDelivered(RunReport.Builder report, int qos, SequenceCounts counts, double deliverySeconds,
                             LatencySummary latency, String latencyLabel) {
        String atQos = " (QoS " + qos + ")";
        report.figure("delivered", "delivered", counts.received(), Figure.Kind.COUNT)
                .figure("delivered_msg_per_s", "delivered msg/s", rate(counts.received(), deliverySeconds), Figure.Kind.RATE)
                .figure("expected", "expected deliveries", counts.expected(), Figure.Kind.COUNT)
                .figure("lost", "lost" + atQos, counts.lost(), Figure.Kind.COUNT)
                .figure("duplicated", "duplicated" + atQos, counts.duplicated(), Figure.Kind.COUNT)
                .figure("out_of_order", "out of order", counts.outOfOrder(), Figure.Kind.COUNT)
                .figure("latency_p50_ms", latencyLabel + " p50 (ms)", LatencySummary.millis(latency.p50Nanos()), Figure.Kind.MILLIS)
                .figure("latency_p95_ms", latencyLabel + " p95 (ms)", LatencySummary.millis(latency.p95Nanos()), Figure.Kind.MILLIS)
                .figure("latency_p99_ms", latencyLabel + " p99 (ms)", LatencySummary.millis(latency.p99Nanos()), Figure.Kind.MILLIS)
                .figure("latency_max_ms", latencyLabel + " max (ms)", LatencySummary.millis(latency.maxNanos()), Figure.Kind.MILLIS);
        if (qos > 0 && counts.lost() > 0) {
            report.guaranteeBroken().warning(String.format(
                    "QoS %d: %,d of %,d messages lost; QoS 1/2 must lose none", qos, counts.lost(), counts.expected()));
        }
        if (qos == 2 && counts.duplicated() > 0) {
            report.warning(String.format("QoS 2: %,d duplicates; QoS 2 must deliver exactly once", counts.duplicated()));
        }
    }

    static double rate(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
