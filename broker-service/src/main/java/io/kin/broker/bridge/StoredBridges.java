package io.kin.broker.bridge;

import io.kin.rules.bridge.BridgeConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps this node's {@link Bridges} equal to the stored configurations: loaded before the MQTT listeners open (so
 * the first rule evaluations find their bridges) and applied again whenever any node changes them.
 */
@ApplicationScoped
public class StoredBridges {

    private static final Logger LOG = Logger.getLogger(StoredBridges.class);

    private final BridgeStore store;
    private final Bridges bridges;
    private final AtomicLong loads = new AtomicLong();

    StoredBridges(BridgeStore store, Bridges bridges) {
        this.store = store;
        this.bridges = bridges;
        store.onChange(this::reload);
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev) throws Exception {
        reload().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        try {
            bridges.closeAll().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("closing bridges: %s", e.toString());
        }
    }

    /**
     * Loads and applies the stored bridges. Invalid ones are left out (as if removed) with a warning; the admin API
     * validates before saving, so only hand-edited rows get there. A load overtaken by a later one is not applied.
     */
    public Future<Bridges.Applied> reload() {
        long load = loads.incrementAndGet();
        return store.load().map(configs -> {
            List<BridgeConfig> valid = new ArrayList<>();
            for (BridgeConfig c : configs) {
                List<String> problems = c.problems();
                if (problems.isEmpty()) {
                    valid.add(c);
                } else {
                    LOG.warnf("stored bridge '%s' left out: %s", c.name(), String.join("; ", problems));
                }
            }
            synchronized (this) {
                return load == loads.get() ? bridges.apply(valid) : null;
            }
        }).onFailure(e -> LOG.warnf("loading bridges failed: %s", e.toString()));
    }
}
