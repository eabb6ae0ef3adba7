package io.kin.broker.bridge;

import io.kin.broker.rules.BridgeOutlet;
import io.kin.rules.action.RenderedAction;
import jakarta.enterprise.context.ApplicationScoped;

/** Rule actions into this node's bridges: looked up by name per record, since a config change replaces a bridge. */
@ApplicationScoped
public class RuleBridgeOutlet implements BridgeOutlet {

    private final Bridges bridges;

    RuleBridgeOutlet(Bridges bridges) {
        this.bridges = bridges;
    }

    @Override
    public String offer(RenderedAction.ToBridge action) {
        String target = action.target() == null || action.target().isEmpty() ? null : action.target();
        SendResult result = bridges.send(action.bridge(), new BridgeRecord(target, action.key(), action.payload(),
                action.headers(), action.qos(), action.retain()));
        return switch (result) {
            case ACCEPTED -> null;
            case NO_SUCH_BRIDGE -> "no bridge named '" + action.bridge() + "'";
            case DROPPED_BUFFER_FULL -> "bridge '" + action.bridge() + "' dropped it: its buffer is full";
            case DROPPED_DISABLED -> "bridge '" + action.bridge() + "' is disabled";
            case DROPPED_CLOSED -> "bridge '" + action.bridge() + "' is closing";
        };
    }
}
