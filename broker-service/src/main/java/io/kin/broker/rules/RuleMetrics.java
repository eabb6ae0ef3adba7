package io.kin.broker.rules;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One rule's counters on this node: inputs whose source matched, rows that passed WHERE, evaluations that failed
 * (with the last error), and actions that succeeded or failed. Kept across reloads of an unchanged rule id, so an
 * edit does not reset what operators watch.
 */
public final class RuleMetrics {

    public record Snapshot(long matched, long passed, long failed, long actionsSucceeded, long actionsFailed,
                           String lastError, long lastErrorAt) {
    }

    private final LongAdder matched = new LongAdder();
    private final LongAdder passed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder actionsSucceeded = new LongAdder();
    private final LongAdder actionsFailed = new LongAdder();
    private volatile String lastError;
    private volatile long lastErrorAt;
    private final List<Meter> meters = new ArrayList<>();

    void register(MeterRegistry registry, String ruleId) {
        meters.add(counter(registry, "kin.rule.matched", ruleId, matched, "inputs whose topic or event matched"));
        meters.add(counter(registry, "kin.rule.passed", ruleId, passed, "rows that passed WHERE"));
        meters.add(counter(registry, "kin.rule.failed", ruleId, failed, "evaluations that failed"));
        meters.add(FunctionCounter.builder("kin.rule.actions", actionsSucceeded, LongAdder::doubleValue)
                .tag("rule", ruleId).tag("result", "succeeded").register(registry));
        meters.add(FunctionCounter.builder("kin.rule.actions", actionsFailed, LongAdder::doubleValue)
                .tag("rule", ruleId).tag("result", "failed").register(registry));
    }

    void unregister(MeterRegistry registry) {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private static Meter counter(MeterRegistry registry, String name, String ruleId, LongAdder value,
                                 String description) {
        return FunctionCounter.builder(name, value, LongAdder::doubleValue).tag("rule", ruleId)
                .description(description).register(registry);
    }

    void matched() {
        matched.increment();
    }

    void passed() {
        passed.increment();
    }

    void failed(String error, long now) {
        failed.increment();
        lastError = error;
        lastErrorAt = now;
    }

    void actionSucceeded() {
        actionsSucceeded.increment();
    }

    void actionFailed(String error, long now) {
        actionsFailed.increment();
        lastError = error;
        lastErrorAt = now;
    }

    public Snapshot snapshot() {
        return new Snapshot(matched.sum(), passed.sum(), failed.sum(), actionsSucceeded.sum(), actionsFailed.sum(),
                lastError, lastErrorAt);
    }
}
