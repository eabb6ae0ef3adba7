package io.kin.admin.api.live;

import io.kin.testkit.BrokerNodeProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Two Hazelcast member ports for brokers a test will start, handed to the admin API under test as
 * {@code kin.cluster.members} before it starts, so it joins their cluster as a client.
 */
public class ClusterPorts implements QuarkusTestResourceLifecycleManager {

    static int first;
    static int second;

    @Override
    public Map<String, String> start() {
        try {
            first = BrokerNodeProcess.freePort();
            second = BrokerNodeProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("kin.cluster.members", members(), "kin.cluster.name", "admin-it");
    }

    static String members() {
        return "127.0.0.1:" + first + ",127.0.0.1:" + second;
    }

    @Override
    public void stop() {
    }
}
