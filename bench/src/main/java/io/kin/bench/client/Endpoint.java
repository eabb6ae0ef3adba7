package io.kin.bench.client;

/** Where a broker listens. */
public record Endpoint(String host, int port) {

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
