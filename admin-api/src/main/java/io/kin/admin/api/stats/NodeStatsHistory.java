package io.kin.admin.api.stats;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** One node's history as the node sends it. */
record NodeStatsHistory(String node, long stepSeconds, List<Sample> samples) {

    record Sample(OffsetDateTime at, Map<String, Double> figures) {
    }
}
