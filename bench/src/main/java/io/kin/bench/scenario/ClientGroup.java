package io.kin.bench.scenario;

import io.kin.bench.client.BenchClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The clients a run opened; closing the group disconnects every one of them, whatever state the run ended in. */
final class ClientGroup implements AutoCloseable {

    static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);

    private final List<BenchClient> clients = new ArrayList<>();

    synchronized <C extends BenchClient> C add(C client) {
        clients.add(client);
        return client;
    }

    /** Waits for all steps, turning a failure or a timeout into one message that says which step it was. */
    static void await(Collection<? extends CompletableFuture<?>> steps, Duration timeout, String what) {
        try {
            CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("could not " + what + ": " + describe(cause), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s trying to " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what);
        }
    }

    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    @Override
    public synchronized void close() {
        List<CompletableFuture<Void>> disconnects = new ArrayList<>();
        for (BenchClient client : clients) {
            try {
                disconnects.add(client.disconnect().exceptionally(error -> null)); // already gone is fine
            } catch (RuntimeException e) {
                // never connected
            }
        }
        try {
            CompletableFuture.allOf(disconnects.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // best effort: the broker cleans up dropped connections
        }
        clients.clear();
    }
}
