package io.kin.broker.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.kin.broker.config.BrokerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This node as an embedded Hazelcast member: TCP/IP discovery from {@code kin.cluster.members}, multicast and
 * auto-detection off. Absent (and every cluster feature inactive) when {@code kin.cluster.enabled} is false, so a
 * single node runs the same code paths without Hazelcast.
 */
@ApplicationScoped
public class ClusterMembership {

    private static final Logger LOG = Logger.getLogger(ClusterMembership.class);
    static final String NODE_ATTRIBUTE = "kin.node";
    static final String QUORUM = "kin-quorum";

    private final BrokerConfig config;
    private final List<Consumer<String>> leaveListeners = new CopyOnWriteArrayList<>();
    private volatile HazelcastInstance hazelcast;

    ClusterMembership(BrokerConfig config) {
        this.config = config;
    }

    /** Joins the cluster before anything routes or recovers sessions. */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent ev) {
        BrokerConfig.Cluster c = config.cluster();
        if (!c.enabled()) {
            return;
        }
        Config hz = new Config();
        hz.setClusterName(c.name());
        hz.setInstanceName("kin-" + config.node().id());
        hz.setClassLoader(Thread.currentThread().getContextClassLoader());
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.logging.type", "jdk");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");
        // callers are event loops: never write to a member's socket on the calling thread (it blocked for seconds
        // when a member had just died)
        hz.setProperty("hazelcast.io.write.through", "false");
        c.host().ifPresent(host -> hz.setProperty("hazelcast.local.localAddress", host));
        hz.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, config.node().id());
        NetworkConfig network = hz.getNetworkConfig();
        network.setPort(c.port()).setPortAutoIncrement(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        switch (c.discovery().toLowerCase(java.util.Locale.ROOT)) {
            case "multicast" -> join.getMulticastConfig().setEnabled(true);
            case "kubernetes" -> {
                var k8s = join.getKubernetesConfig().setEnabled(true);
                c.kubernetesService().ifPresent(v -> k8s.setProperty("service-name", v));
                c.kubernetesNamespace().ifPresent(v -> k8s.setProperty("namespace", v));
            }
            case "tcp" -> join.getTcpIpConfig().setEnabled(true).setMembers(c.members().orElse(List.of()));
            default -> throw new IllegalArgumentException("kin.cluster.discovery must be tcp, multicast or kubernetes, not "
                    + c.discovery());
        }
        if (c.quorum() > 0) {
            // session ownership needs a majority: a minority side refuses takeovers instead of making two owners
            hz.addSplitBrainProtectionConfig(new com.hazelcast.config.SplitBrainProtectionConfig(QUORUM, true,
                    c.quorum()));
            hz.getMapConfig(ClusterSessionOwnership.OWNERS).setSplitBrainProtectionName(QUORUM);
        }
        hz.getMapConfig(ClusterSessionOwnership.OWNERS).setBackupCount(1);
        hazelcast = Hazelcast.newHazelcastInstance(hz);
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.infof("node %s joined the cluster (%d nodes)", nodeOf(event.getMember()),
                        event.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String node = nodeOf(event.getMember());
                LOG.warnf("node %s left the cluster (%d nodes)", node, event.getMembers().size());
                leaveListeners.forEach(l -> l.accept(node));
            }
        });
        LOG.infof("node %s joined cluster '%s' with %s", config.node().id(), c.name(), nodes());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (hazelcast != null) {
            hazelcast.shutdown();
        }
    }

    public boolean enabled() {
        return hazelcast != null;
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    public String nodeId() {
        return config.node().id();
    }

    /** Node ids of the members now in the cluster (this node alone when clustering is off). */
    public Set<String> nodes() {
        Set<String> nodes = new TreeSet<>();
        if (hazelcast == null) {
            nodes.add(nodeId());
            return nodes;
        }
        for (Member m : hazelcast.getCluster().getMembers()) {
            nodes.add(nodeOf(m));
        }
        return nodes;
    }

    public Member member(String nodeId) {
        for (Member m : hazelcast.getCluster().getMembers()) {
            if (nodeId.equals(nodeOf(m))) {
                return m;
            }
        }
        return null;
    }

    /** Whether this node is the oldest member: it does the cluster's chores for nodes that left. */
    public boolean isOldest() {
        return hazelcast == null || hazelcast.getCluster().getMembers().iterator().next().localMember();
    }

    /** Runs when a node leaves (crash or shutdown), with its node id. */
    public void onNodeLeft(Consumer<String> listener) {
        leaveListeners.add(listener);
    }

    static String nodeOf(Member m) {
        String node = m.getAttribute(NODE_ATTRIBUTE);
        return node == null ? m.getUuid().toString() : node;
    }
}
