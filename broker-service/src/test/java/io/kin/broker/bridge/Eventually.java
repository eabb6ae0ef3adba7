package io.kin.broker.bridge;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/** Waits for something the bridges do in the background. */
final class Eventually {

    private Eventually() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The first value of {@code supplier} that matches, within {@code timeout}; fails showing the last value. */
    static <T> T value(String what, Duration timeout, Supplier<T> supplier, Predicate<T> matches)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = supplier.get();
        while (!matches.test(last)) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for: " + what + "; last seen: " + last);
            }
            Thread.sleep(20);
            last = supplier.get();
        }
        return last;
    }

    static BridgeStatus status(Bridge bridge, String what, Predicate<BridgeStatus> matches) throws InterruptedException {
        return value(what, Duration.ofSeconds(15), bridge::status, matches);
    }
}
