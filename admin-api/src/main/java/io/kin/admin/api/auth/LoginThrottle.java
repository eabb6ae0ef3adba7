package io.kin.admin.api.auth;

import io.kin.admin.api.config.AdminApiConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code kin.auth.max-failed-logins} failures for one user name within
 * {@code kin.auth.lockout-seconds}, logins for that name are refused until the oldest failure is that old; a client
 * address gets four times as many, since every console user logs in through the console's one address.
 * Kept in memory: a restart forgets, which only helps someone who can restart the admin API anyway.
 */
@Singleton
public class LoginThrottle {

    private static final int ADDRESS_FACTOR = 4;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    @Inject
    LoginThrottle(AdminApiConfig config) {
        this(config.auth().maxFailedLogins(), Duration.ofSeconds(config.auth().lockoutSeconds()), Clock.systemUTC());
    }

    LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long the caller must wait before trying again, or empty when it may try now. */
    public Optional<Duration> wait(String username, String address) {
        long now = clock.millis();
        long until = Math.max(blockedUntil("u:" + username, maxFailures, now),
                blockedUntil("a:" + address, maxFailures * ADDRESS_FACTOR, now));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    public void failed(String username, String address) {
        long now = clock.millis();
        record("u:" + username, now, maxFailures);
        record("a:" + address, now, maxFailures * ADDRESS_FACTOR);
    }

    /** A good password clears that user's failures (not the address's: others may still be guessing from it). */
    public void succeeded(String username) {
        failures.remove("u:" + username);
    }

    private void record(String key, long now, int keep) {
        failures.compute(key, (k, times) -> {
            Deque<Long> d = times == null ? new ArrayDeque<>() : times;
            prune(d, now);
            d.addLast(now);
            while (d.size() > keep) {
                d.removeFirst();
            }
            return d;
        });
    }

    private long blockedUntil(String key, int limit, long now) {
        long[] until = {0};
        failures.computeIfPresent(key, (k, d) -> {
            prune(d, now);
            if (d.size() >= limit) {
                until[0] = d.peekFirst() + window.toMillis();
            }
            return d.isEmpty() ? null : d;
        });
        return until[0];
    }

    private void prune(Deque<Long> d, long now) {
        while (!d.isEmpty() && d.peekFirst() <= now - window.toMillis()) {
            d.removeFirst();
        }
    }
}
