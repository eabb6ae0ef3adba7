package io.kin.broker.rules;

import io.kin.rules.action.RenderedAction;

/** How rule actions reach bridges: hand over and return at once; the bridge buffers, retries and counts. */
public interface BridgeOutlet {

    /** @return null when the bridge took the record, otherwise why not (no such bridge, disabled, buffer full) */
    String offer(RenderedAction.ToBridge record);
}
