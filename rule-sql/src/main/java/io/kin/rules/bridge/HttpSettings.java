package io.kin.rules.bridge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * An HTTP bridge: {@code url} (required), {@code method} (POST), {@code timeout-ms} per request (5000),
 * {@code header.<name>} for each fixed request header. The body is the record's payload.
 */
public record HttpSettings(URI url, String method, Map<String, String> headers, int timeoutMs) {

    static final List<String> METHODS = List.of("POST", "PUT", "PATCH", "GET", "DELETE");

    public static HttpSettings read(Settings s) {
        String rawUrl = s.required("url");
        URI url = null;
        if (rawUrl != null) {
            try {
                url = new URI(rawUrl);
                if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                        || url.getHost() == null) {
                    s.problem("setting 'url' must be an absolute http:// or https:// URL with a host, not '" + rawUrl + "'");
                }
            } catch (URISyntaxException e) {
                s.problem("setting 'url' is not a valid URL: " + e.getMessage());
            }
        }
        String method = s.choice("method", "POST", METHODS);
        int timeout = s.integer("timeout-ms", 5000, 1, 600_000);
        Map<String, String> headers = s.withPrefix("header.");
        return new HttpSettings(url, method, Map.copyOf(headers), timeout);
    }
}
