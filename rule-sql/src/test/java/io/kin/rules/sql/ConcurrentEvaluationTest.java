package io.kin.rules.sql;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One compiled rule shared by many threads, as the broker shares it across its event loops. */
class ConcurrentEvaluationTest {

    static final int THREADS = 8;
    static final int EVALUATIONS = 20_000;

    @Test
    void oneCompiledRuleEvaluatesCorrectlyFromManyThreads() throws Exception {
        CompiledRule rule = RuleSql.compile("SELECT payload.temp AS t, clientid, payload.n div payload.d AS q "
                + "FROM \"sensors/+/temp\" WHERE t > 30 AND clientid LIKE 'b7-%'");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            int seed = thread;
            results.add(pool.submit(() -> {
                start.await();
                int checked = 0;
                for (int i = 0; i < EVALUATIONS; i++) {
                    int temp = (i * 7 + seed) % 60;
                    int divisor = i % 10; // 0 makes the evaluation fail, on purpose
                    String clientId = (i % 3 == 0 ? "c9-" : "b7-") + seed + "-" + i;
                    RuleInput input = RuleInput.builder().clientId(clientId).topic("sensors/" + clientId + "/temp")
                            .payload(("{\"temp\":" + temp + ",\"n\":" + i + ",\"d\":" + divisor + "}")
                                    .getBytes(StandardCharsets.UTF_8)).build();
                    boolean selected = temp > 30 && clientId.startsWith("b7-");
                    Optional<Map<String, Object>> out;
                    try {
                        out = rule.evaluate(input);
                    } catch (RuleEvaluationException e) {
                        assertThat(selected && divisor == 0).as("only division by zero fails: %s", e).isTrue();
                        checked++;
                        continue;
                    }
                    if (selected) {
                        assertThat(out).hasValue(Map.of("t", (long) temp, "clientid", clientId, "q", (long) (i / divisor)));
                    } else {
                        assertThat(out).isEmpty();
                    }
                    checked++;
                }
                return checked;
            }));
        }
        start.countDown();
        for (Future<Integer> result : results) {
            assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(EVALUATIONS);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
}
