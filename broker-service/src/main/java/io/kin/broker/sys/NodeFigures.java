package io.kin.broker.sys;

import java.util.Map;

/**
 * Where nodes share their $SYS figures, so every node can publish cluster-wide totals next to its own. A single
 * node only has its own.
 */
public interface NodeFigures {

    /** Shares this node's figures and returns the latest figures of every live node (this one included). */
    Map<String, Map<String, String>> exchange(String node, Map<String, String> mine);
}
