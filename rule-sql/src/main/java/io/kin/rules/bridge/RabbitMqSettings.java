package io.kin.rules.bridge;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A RabbitMQ bridge: {@code uri} (required, amqp:// or amqps://), {@code exchange} ("" = the default exchange; it
 * must exist), {@code routing-key} (the default when a record names none), {@code persistent} delivery (true),
 * {@code content-type} (none), {@code timeout-ms} (10000: connecting, and waiting for the broker's confirm).
 */
public record RabbitMqSettings(String uri, String exchange, String routingKey, boolean persistent, String contentType,
                        int timeoutMs) {

    public static RabbitMqSettings read(Settings s) {
        String uri = s.required("uri");
        if (uri != null) {
            try {
                String scheme = new URI(uri).getScheme();
                if (!"amqp".equalsIgnoreCase(scheme) && !"amqps".equalsIgnoreCase(scheme)) {
                    s.problem("setting 'uri' must start with amqp:// or amqps://");
                }
            } catch (URISyntaxException e) {
                s.problem("setting 'uri' is not a valid URI: " + e.getMessage());
            }
        }
        return new RabbitMqSettings(uri, s.text("exchange", ""), s.text("routing-key", ""),
                s.flag("persistent", true), s.text("content-type", null), s.integer("timeout-ms", 10_000, 100, 600_000));
    }
}
