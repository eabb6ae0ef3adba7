package io.kin.rules.bridge;

import java.util.List;
import java.util.Map;

/**
 * A Kafka bridge: {@code bootstrap-servers} (required), {@code topic} (the default when a record names none),
 * {@code acks} (all), batching with {@code linger-ms} (5) and {@code batch-size} (16384 bytes), {@code timeout-ms}
 * (10000: how long a send may wait for metadata or an acknowledgement), and {@code producer.<kafka property>}
 * passed to the producer as is (e.g. producer.compression.type=lz4).
 */
public record KafkaSettings(String bootstrapServers, String topic, String acks, int lingerMs, int batchSize, int timeoutMs,
                     Map<String, String> producer) {

    public static KafkaSettings read(Settings s) {
        return new KafkaSettings(
                s.required("bootstrap-servers"),
                s.text("topic", null),
                s.choice("acks", "all", List.of("all", "1", "0", "-1")),
                s.integer("linger-ms", 5, 0, 60_000),
                s.integer("batch-size", 16_384, 0, 16 * 1024 * 1024),
                s.integer("timeout-ms", 10_000, 100, 600_000),
                Map.copyOf(s.withPrefix("producer.")));
    }
}
