package io.kin.broker.bridge;

import io.kin.rules.bridge.BridgeConfig;
import io.vertx.core.Future;

import java.util.List;

/** Where bridge configurations are kept (PostgreSQL, table {@code kin_bridge}), shared by all nodes. */
public interface BridgeStore {

    /** Every stored bridge that could be read; unreadable rows are left out (and logged). */
    Future<List<BridgeConfig>> load();

    /** Creates or replaces a bridge (validated first); every node applies it shortly after. */
    Future<Void> save(BridgeConfig config);

    /** Deletes a bridge; true when there was one. */
    Future<Boolean> remove(String name);

    /** Runs {@code listener} when any node changed the stored bridges. */
    void onChange(Runnable listener);
}
