package io.kin.bench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every scenario by its command name, as fresh instances: a parsed command holds one run's options. */
public final class ScenarioCatalog {

    private static final Map<String, Supplier<ScenarioCommand>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("fan-in", FanInCommand::new);
        SCENARIOS.put("fan-out", FanOutCommand::new);
        SCENARIOS.put("pairs", PairsCommand::new);
        SCENARIOS.put("shared", SharedCommand::new);
        SCENARIOS.put("conn-storm", ConnStormCommand::new);
        SCENARIOS.put("idle", IdleCommand::new);
        SCENARIOS.put("persistent", PersistentCommand::new);
        SCENARIOS.put("durable", DurableCommand::new);
        SCENARIOS.put("cross-node", CrossNodeCommand::new);
        SCENARIOS.put("soak", SoakCommand::new);
    }

    private ScenarioCatalog() {
    }

    public static List<String> names() {
        return List.copyOf(SCENARIOS.keySet());
    }

    public static ScenarioCommand create(String name) {
        Supplier<ScenarioCommand> scenario = SCENARIOS.get(name);
        if (scenario == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; one of " + String.join(", ", names()));
        }
        return scenario.get();
    }
}
