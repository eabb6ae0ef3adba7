package io.kin.broker.bridge;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.HttpSettings;
import io.kin.rules.bridge.KafkaSettings;
import io.kin.rules.bridge.MqttSettings;
import io.kin.rules.bridge.RabbitMqSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * "Test connection": connects once to a bridge's external system with a configuration (stored or not), checks what
 * a delivery would need, and lets go again. Nothing is sent and no running bridge is touched: the probe has its own
 * connection (and for MQTT its own client id, so it never takes a running bridge's session over).
 * <ul>
 * <li>HTTP: a HEAD request to the URL with the configured headers; any answer below 400 (or 405: the URL exists
 * but takes no HEAD) is a success, and the status is reported.</li>
 * <li>Kafka: describe the cluster (and the topic, when one is configured) within the timeout.</li>
 * <li>RabbitMQ: open a connection and a channel; check that the configured exchange exists.</li>
 * <li>MQTT: CONNECT (with the credentials), wait for the CONNACK, DISCONNECT.</li>
 * </ul>
 */
public final class BridgeProbe {

    /** What the probe found: {@code detail} says what worked, {@code error} why it did not. */
    public record Outcome(boolean ok, long millis, String detail, String error) {
    }

    private final Vertx vertx;
    private final String nodeId;

    public BridgeProbe(Vertx vertx, String nodeId) {
        this.vertx = vertx;
        this.nodeId = nodeId;
    }

    /** Tries the configuration (which must be valid, see {@link BridgeConfig#validated()}); never fails. */
    public Future<Outcome> test(BridgeConfig config) {
        config.validated();
        long started = System.nanoTime();
        Future<String> tried;
        try {
            tried = switch (config.type()) {
                case HTTP -> http(config.settings(HttpSettings::read));
                case KAFKA -> kafka(config.settings(KafkaSettings::read));
                case RABBITMQ -> rabbitMq(config.settings(RabbitMqSettings::read));
                case MQTT -> mqtt(config.settings(MqttSettings::read), config.name());
            };
        } catch (RuntimeException e) {
            tried = Future.failedFuture(e);
        }
        return tried.transform(ar -> {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return Future.succeededFuture(ar.succeeded() ? new Outcome(true, millis, ar.result(), null)
                    : new Outcome(false, millis, null, text(ar.cause())));
        });
    }

    private Future<String> http(HttpSettings s) {
        WebClient client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(s.timeoutMs())
                .setUserAgent("kin-mqtt-bridge")
                .setFollowRedirects(false));
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.HEAD, s.url().toString()).timeout(s.timeoutMs());
        s.headers().forEach(request::putHeader);
        return request.send().<String>transform(ar -> {
            client.close();
            if (ar.failed()) {
                return Future.failedFuture("no answer from " + s.url() + ": " + text(ar.cause()));
            }
            int status = ar.result().statusCode();
            String answer = "HEAD " + s.url() + " answered HTTP " + status;
            if (status < 400 || status == 405) {
                return Future.succeededFuture(answer);
            }
            return Future.failedFuture(answer);
        });
    }

    private Future<String> kafka(KafkaSettings s) {
        return blocking(() -> {
            Map<String, Object> p = new HashMap<>();
            // the producer's own settings (security, SASL) apply to the probe too; sizes and acks do not matter
            s.producer().forEach((k, v) -> {
                if (AdminClientConfig.configNames().contains(k)) {
                    p.put(k, v);
                }
            });
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "kin-" + nodeId + "-test");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, s.timeoutMs());
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, s.timeoutMs());
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
            try (Admin admin = Admin.create(p)) {
                var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(s.timeoutMs()));
                int brokers = cluster.nodes().get(s.timeoutMs(), TimeUnit.MILLISECONDS).size();
                String id = cluster.clusterId().get(s.timeoutMs(), TimeUnit.MILLISECONDS);
                String detail = "Kafka cluster " + id + " with " + brokers + (brokers == 1 ? " broker" : " brokers");
                if (s.topic() != null) {
                    var topics = admin.describeTopics(List.of(s.topic()),
                            new DescribeTopicsOptions().timeoutMs(s.timeoutMs())).allTopicNames()
                            .get(s.timeoutMs(), TimeUnit.MILLISECONDS);
                    detail += "; topic " + s.topic() + " has " + topics.get(s.topic()).partitions().size()
                            + " partition(s)";
                }
                return detail;
            } catch (java.util.concurrent.TimeoutException e) {
                throw new java.io.IOException("Kafka at " + s.bootstrapServers() + " did not answer within "
                        + s.timeoutMs() + " ms");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new java.io.IOException("Kafka at " + s.bootstrapServers() + ": " + text(e.getCause()));
            }
        });
    }

    private Future<String> rabbitMq(RabbitMqSettings s) {
        return blocking(() -> {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(s.uri());
            factory.setConnectionTimeout(s.timeoutMs());
            factory.setHandshakeTimeout(s.timeoutMs());
            factory.setAutomaticRecoveryEnabled(false);
            String where = factory.getHost() + ":" + factory.getPort();
            Connection connection;
            try {
                connection = factory.newConnection("kin-" + nodeId + "-test");
            } catch (Exception e) {
                throw new java.io.IOException("cannot connect to RabbitMQ at " + where + ": " + text(e), e);
            }
            try (connection) {
                Channel channel = connection.createChannel();
                if (!s.exchange().isEmpty()) {
                    try {
                        channel.exchangeDeclarePassive(s.exchange());
                    } catch (java.io.IOException e) {
                        throw new java.io.IOException("RabbitMQ at " + where + " has no exchange '" + s.exchange()
                                + "'", e);
                    }
                }
                channel.close();
                return "RabbitMQ " + connection.getServerProperties().getOrDefault("version", "") + " at " + where
                        + (s.exchange().isEmpty() ? "" : ", exchange '" + s.exchange() + "' exists");
            }
        });
    }

    private Future<String> mqtt(MqttSettings s, String bridge) {
        MqttClientOptions options = new MqttClientOptions()
                // never the bridge's own client id: connecting with it would take the running bridge's session over
                .setClientId(("kin-test-" + UUID.randomUUID()).substring(0, 23))
                .setCleanSession(true)
                .setKeepAliveInterval(s.keepAliveSeconds())
                .setAutoKeepAlive(true);
        options.setConnectTimeout(s.timeoutMs());
        if (s.username() != null) {
            options.setUsername(s.username()).setPassword(s.password());
        }
        if (s.tls()) {
            options.setSsl(true).setTrustAll(s.trustAll());
            if (!s.trustAll()) {
                options.setHostnameVerificationAlgorithm("HTTPS");
            }
        }
        String where = "MQTT broker " + s.host() + ":" + s.port();
        MqttClient client = MqttClient.create(vertx, options);
        long timer = vertx.setTimer(s.timeoutMs(), id -> {
            if (client.isConnected()) {
                client.disconnect();
            }
        });
        return client.connect(s.port(), s.host())
                .<String>transform(ar -> {
                    vertx.cancelTimer(timer);
                    if (ar.failed()) {
                        return Future.failedFuture("cannot connect to " + where + ": " + text(ar.cause()));
                    }
                    String detail = where + " accepted the connection (CONNACK " + ar.result().code() + ")";
                    return client.disconnect().transform(d -> Future.succeededFuture(detail));
                });
    }

    private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
        WorkerExecutor worker = vertx.createSharedWorkerExecutor("kin-bridge-probe", 2);
        return worker.executeBlocking(work, false);
    }

    static String text(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
