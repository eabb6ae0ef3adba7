package io.kin.broker.bridge;

import io.kin.rules.bridge.HttpSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;

/**
 * Sends each record as one HTTP request with the Vert.x WebClient. HTTP has no connection to watch: the bridge is
 * up as long as requests get answers. 2xx is delivered; 408, 429 and 5xx are retried; other answers cannot be fixed
 * by retrying and fail the record at once.
 */
final class HttpTransport implements BridgeTransport {

    private final HttpSettings settings;
    private final WebClient client;
    private final HttpMethod method;

    HttpTransport(Vertx vertx, HttpSettings settings, int maxInflight) {
        this.settings = settings;
        this.method = HttpMethod.valueOf(settings.method());
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(settings.timeoutMs())
                .setMaxPoolSize(maxInflight)
                .setUserAgent("kin-mqtt-bridge")
                .setFollowRedirects(false));
    }

    @Override
    public Future<Void> connect() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> deliver(BridgeRecord record) {
        URI url = record.target() == null || record.target().isBlank() ? settings.url()
                : settings.url().resolve(record.target());
        HttpRequest<Buffer> request = client.requestAbs(method, url.toString()).timeout(settings.timeoutMs());
        settings.headers().forEach(request::putHeader);
        record.headers().forEach(request::putHeader);
        Future<HttpResponse<Buffer>> response = method == HttpMethod.GET
                ? request.send()
                : request.sendBuffer(Buffer.buffer(record.payload()));
        return response.compose(r -> answered(r, url));
    }

    private static Future<Void> answered(HttpResponse<Buffer> r, URI url) {
        int code = r.statusCode();
        if (code >= 200 && code < 300) {
            return Future.succeededFuture();
        }
        String text = "HTTP " + code + " " + r.statusMessage() + " from " + url;
        if (code == 408 || code == 429 || code >= 500) {
            return Future.failedFuture(new java.io.IOException(text));
        }
        return Future.failedFuture(new UndeliverableException(text));
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public Future<Void> close() {
        client.close();
        return Future.succeededFuture();
    }
}
