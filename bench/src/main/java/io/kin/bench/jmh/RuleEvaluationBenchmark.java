package io.kin.bench.jmh;

import io.kin.rules.sql.CompiledRule;
import io.kin.rules.sql.RuleInput;
import io.kin.rules.sql.RuleSql;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The rule engine's per-message cost: one compiled rule evaluated against one message with a ~100-byte JSON
 * payload (decoding the payload included, as every evaluation decodes it afresh). Compilation happens once, in
 * setup, as in the broker.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RuleEvaluationBenchmark {

    static final String EXAMPLE = "SELECT payload.temp AS t, clientid, topic FROM \"sensors/+/temp\", \"alarms/#\" "
            + "WHERE t > 30 AND clientid LIKE 'b7-%'";

    CompiledRule example;
    CompiledRule selectAll;
    RuleInput hot;
    RuleInput cool;

    @Setup(Level.Trial)
    public void setUp() {
        example = RuleSql.compile(EXAMPLE);
        selectAll = RuleSql.compile("SELECT * FROM \"sensors/+/temp\"");
        hot = message(31.5);
        cool = message(24.0);
        if (example.evaluate(hot).isEmpty() || example.evaluate(cool).isPresent()) {
            throw new IllegalStateException("the benchmark inputs no longer pass / fail the WHERE clause");
        }
    }

    static RuleInput message(double temp) {
        String payload = "{\"temp\":" + temp + ",\"humidity\":48.2,\"unit\":\"C\",\"battery\":87,"
                + "\"location\":{\"site\":\"plant-3\",\"line\":7},\"ok\":true}";
        return RuleInput.builder().id("0001").topic("sensors/b7-0042/temp").qos(1).retain(false)
                .clientId("b7-0042").username("device").timestamp(1_700_000_000_000L).node("kin@node1")
                .peerhost("10.0.0.42").payload(payload.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** WHERE is true: payload decoded, LIKE matched, three columns written. */
    @Benchmark
    public Optional<Map<String, Object>> wherePasses() {
        return example.evaluate(hot);
    }

    /** WHERE is false at {@code t > 30}: payload decoded, nothing written. */
    @Benchmark
    public Optional<Map<String, Object>> whereFails() {
        return example.evaluate(cool);
    }

    /** {@code SELECT *}: every field copied, payload decoded into maps. */
    @Benchmark
    public Optional<Map<String, Object>> selectAll() {
        return selectAll.evaluate(hot);
    }
}
