package io.kin.admin.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void aUserNameIsBlockedAfterTheMaximumFailuresUntilTheOldestLeavesTheWindow() {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(60), clock);
        throttle.failed("anna", "10.0.0.1");
        clock.advance(Duration.ofSeconds(10));
        throttle.failed("anna", "10.0.0.1");
        assertThat(throttle.wait("anna", "10.0.0.1")).isEmpty();
        throttle.failed("anna", "10.0.0.1");
        assertThat(throttle.wait("anna", "10.0.0.2")).contains(Duration.ofSeconds(50));
        assertThat(throttle.wait("bob", "10.0.0.2")).as("other names are not affected").isEmpty();
        clock.advance(Duration.ofSeconds(50));
        assertThat(throttle.wait("anna", "10.0.0.1")).isEmpty();
    }

    @Test
    void anAddressGetsFourTimesAsManyFailuresAcrossNames() {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofSeconds(60), clock);
        for (int i = 0; i < 7; i++) {
            throttle.failed("user-" + i, "10.0.0.9");
        }
        assertThat(throttle.wait("someone-else", "10.0.0.9")).isEmpty();
        throttle.failed("user-7", "10.0.0.9");
        assertThat(throttle.wait("someone-else", "10.0.0.9")).isPresent();
        assertThat(throttle.wait("someone-else", "10.0.0.10")).isEmpty();
    }

    @Test
    void aGoodPasswordClearsTheNamesFailures() {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofSeconds(60), clock);
        throttle.failed("anna", "10.0.0.1");
        throttle.succeeded("anna");
        throttle.failed("anna", "10.0.0.1");
        assertThat(throttle.wait("anna", "10.0.0.1")).isEmpty();
    }
}
