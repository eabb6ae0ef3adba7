package io.kin.admin.api.nodes;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import io.kin.admin.api.config.AdminApiConfig;
import io.kin.nodecalls.NodeCall;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The admin API in the broker cluster as a Hazelcast <em>client</em> (never a member: it holds no data and takes no
 * partitions), when {@code kin.cluster.members} names the brokers: the members it sees are the nodes that are up, and
 * live-state calls and commands travel to them as {@link NodeCall}s. It connects in the background and reconnects by
 * itself, so the admin API starts, and configuration calls work, while no broker is up.
 */
@Singleton
public class ClusterClient {

    private static final Logger LOG = Logger.getLogger(ClusterClient.class);
    /** The member attribute brokers set to their node id. */
    static final String NODE_ATTRIBUTE = "kin.node";
    private static final String MEMBER_PREFIX = "hz:";

    private final AdminApiConfig config;
    private volatile HazelcastInstance client;

    ClusterClient(AdminApiConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent ev) {
        List<String> members = config.cluster().members().orElse(List.of());
        if (members.isEmpty()) {
            return;
        }
        ClientConfig c = new ClientConfig();
        c.setClusterName(config.cluster().name());
        c.setInstanceName("kin-admin-api-" + UUID.randomUUID().toString().substring(0, 8));
        c.setClassLoader(Thread.currentThread().getContextClassLoader());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.getNetworkConfig().setAddresses(new ArrayList<>(members)).setSmartRouting(true);
        c.getConnectionStrategyConfig().setAsyncStart(true)
                .setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC);
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(-1)
                .setMaxBackoffMillis(2000);
        c.addListenerConfig(new com.hazelcast.config.ListenerConfig(new com.hazelcast.cluster.MembershipListener() {
            @Override
            public void memberAdded(com.hazelcast.cluster.MembershipEvent e) {
                LOG.infof("broker node %s is in the cluster (%d nodes)", e.getMember().getAttribute(NODE_ATTRIBUTE),
                        e.getMembers().size());
            }

            @Override
            public void memberRemoved(com.hazelcast.cluster.MembershipEvent e) {
                LOG.warnf("broker node %s left the cluster (%d nodes)", e.getMember().getAttribute(NODE_ATTRIBUTE),
                        e.getMembers().size());
            }
        }));
        client = HazelcastClient.newHazelcastClient(c);
        LOG.infof("reaching the broker nodes through the cluster '%s' as a Hazelcast client (members %s)",
                config.cluster().name(), members);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (client != null) {
            client.shutdown();
        }
    }

    /** Whether the admin API reaches the nodes through the cluster (else over HTTP, as {@code kin_node} lists). */
    public boolean active() {
        return client != null;
    }

    /** The broker nodes in the cluster now, by node id; empty while not connected. */
    public List<BrokerNodes.LiveNode> nodes() {
        List<BrokerNodes.LiveNode> nodes = new ArrayList<>();
        if (!client.getLifecycleService().isRunning()) {
            return nodes;
        }
        for (Member m : client.getCluster().getMembers()) {
            String id = m.getAttribute(NODE_ATTRIBUTE);
            nodes.add(new BrokerNodes.LiveNode(id == null ? m.getUuid().toString() : id, MEMBER_PREFIX + m.getUuid()));
        }
        nodes.sort(java.util.Comparator.comparing(BrokerNodes.LiveNode::nodeId));
        return nodes;
    }

    /** The call run by the node's member; status 0 when it does not answer in time or has left. */
    public Uni<NodeCall.Answer> call(BrokerNodes.LiveNode node, String method, String pathAndQuery, byte[] body,
                                     Duration timeout) {
        Member member = null;
        for (Member m : client.getCluster().getMembers()) {
            if ((MEMBER_PREFIX + m.getUuid()).equals(node.url())) {
                member = m;
            }
        }
        if (member == null) {
            return Uni.createFrom().item(new NodeCall.Answer(0, null));
        }
        Member target = member;
        return Uni.createFrom().<NodeCall.Answer>emitter(e -> client.getExecutorService(NodeCall.EXECUTOR)
                        .submitToMember(new NodeCall(method, pathAndQuery, body), target,
                                new ExecutionCallback<NodeCall.Answer>() {
                                    @Override
                                    public void onResponse(NodeCall.Answer answer) {
                                        e.complete(answer);
                                    }

                                    @Override
                                    public void onFailure(Throwable t) {
                                        e.fail(t);
                                    }
                                }))
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(t -> {
                    LOG.debugf("node %s did not answer %s %s through the cluster: %s", node.nodeId(), method,
                            pathAndQuery, t.toString());
                    return new NodeCall.Answer(0, null);
                });
    }
}
