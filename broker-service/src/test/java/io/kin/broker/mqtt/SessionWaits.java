package io.kin.broker.mqtt;

import io.kin.broker.session.SessionRegistry;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waits for the broker to see what a client did. A library client's disconnect returns once DISCONNECT is sent;
 * tests about offline sessions must not publish before the broker has detached the connection.
 */
public final class SessionWaits {

    private SessionWaits() {
    }

    public static void awaitOffline(SessionRegistry sessions, String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sessions.isOnline(clientId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sessions.isOnline(clientId)).as("%s offline", clientId).isFalse();
        assertThat(sessions.get(clientId)).as("session of %s kept", clientId).isNotNull();
    }
}
