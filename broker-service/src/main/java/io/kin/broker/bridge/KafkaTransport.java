package io.kin.broker.bridge;

import io.kin.rules.bridge.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A plain {@link KafkaProducer} (it batches with linger.ms / batch.size and reconnects by itself). Its calls can
 * block (send waits up to max.block.ms for metadata while the cluster is unreachable), so they run on a worker
 * thread of this bridge's own, never on an event loop and never on a sender's thread.
 */
final class KafkaTransport implements BridgeTransport {

    private final KafkaSettings settings;
    private final String clientId;
    private final WorkerExecutor worker;
    private KafkaProducer<byte[], byte[]> producer;

    KafkaTransport(Vertx vertx, KafkaSettings settings, String clientId) {
        this.settings = settings;
        this.clientId = clientId;
        this.worker = vertx.createSharedWorkerExecutor("kin-bridge-" + clientId, 1);
    }

    /** Creates the producer; with a default topic, also waits for its metadata, which proves the cluster answers. */
    @Override
    public Future<Void> connect() {
        return worker.executeBlocking(() -> {
            if (producer == null) {
                producer = new KafkaProducer<>(properties(), new ByteArraySerializer(), new ByteArraySerializer());
            }
            if (settings.topic() != null) {
                try {
                    producer.partitionsFor(settings.topic());
                } catch (RuntimeException e) {
                    throw new java.io.IOException("Kafka at " + settings.bootstrapServers() + " did not answer: "
                            + e.getMessage(), e);
                }
            }
            return null;
        }, true);
    }

    private Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>(settings.producer());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, settings.acks());
        p.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSize());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.timeoutMs());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, settings.timeoutMs());
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, settings.timeoutMs() + settings.lingerMs());
        p.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
        if (!"all".equals(settings.acks()) && !"-1".equals(settings.acks())) {
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false); // idempotence needs acks=all
        }
        return p;
    }

    @Override
    public Future<Void> deliver(BridgeRecord record) {
        String topic = record.targetOr(settings.topic());
        if (topic == null) {
            return Future.failedFuture(new UndeliverableException("no Kafka topic: the record names none and the bridge has no 'topic'"));
        }
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.payload());
        record.headers().forEach((k, v) -> r.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        Promise<Void> acked = Promise.promise();
        worker.executeBlocking(() -> producer.send(r, (meta, e) -> {
            if (e == null) {
                acked.tryComplete();
            } else if (e instanceof InvalidTopicException || e instanceof RecordTooLargeException) {
                acked.tryFail(new UndeliverableException(e.getMessage()));
            } else {
                acked.tryFail(e);
            }
        }), true).onFailure(acked::tryFail);
        return acked.future();
    }

    @Override
    public boolean isConnected() {
        return true; // the producer reconnects by itself
    }

    @Override
    public Future<Void> close() {
        return worker.<Void>executeBlocking(() -> {
            if (producer != null) {
                producer.close(Duration.ofMillis(settings.timeoutMs()));
            }
            return null;
        }, true).eventually(() -> worker.close());
    }
}
