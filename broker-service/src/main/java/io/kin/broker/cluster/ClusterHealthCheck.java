package io.kin.broker.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Cluster membership on /q/health: the nodes this node sees (just itself when clustering is off). */
@Readiness
@ApplicationScoped
public class ClusterHealthCheck implements HealthCheck {

    private final ClusterMembership membership;

    ClusterHealthCheck(ClusterMembership membership) {
        this.membership = membership;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("cluster")
                .withData("node", membership.nodeId())
                .withData("clustered", membership.enabled())
                .withData("nodes", String.join(",", membership.nodes()));
        if (!membership.enabled()) {
            return b.up().build();
        }
        return b.status(membership.hazelcast().getLifecycleService().isRunning()).build();
    }
}
