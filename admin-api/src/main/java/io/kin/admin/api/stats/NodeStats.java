package io.kin.admin.api.stats;

import java.util.Map;

/** One node's figures as the node sends them. */
record NodeStats(String node, Map<String, String> figures) {
}
