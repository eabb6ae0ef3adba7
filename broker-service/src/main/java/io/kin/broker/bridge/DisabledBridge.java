package io.kin.broker.bridge;

import io.kin.broker.bridge.BridgeMeters.DropReason;
import io.kin.rules.bridge.BridgeConfig;
import io.vertx.core.Future;

/** A bridge configured with {@code enabled = false}: it keeps its name known to rules but connects nowhere. */
final class DisabledBridge implements Bridge {

    private final BridgeConfig config;
    private final BridgeMeters meters;

    DisabledBridge(BridgeConfig config, BridgeMeters meters) {
        this.config = config;
        this.meters = meters;
        meters.depthFrom(() -> 0);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public BridgeConfig config() {
        return config;
    }

    @Override
    public SendResult send(BridgeRecord record) {
        meters.dropped(DropReason.DISABLED, 1);
        return SendResult.DROPPED_DISABLED;
    }

    @Override
    public BridgeStatus status() {
        return new BridgeStatus(config.name(), config.type(), BridgeState.DISABLED, null, null,
                "the bridge is disabled", null, 0, config.bufferSize(), meters.enqueuedCount(), meters.sentCount(),
                meters.failedCount(), meters.droppedCount(), meters.retriedCount());
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
