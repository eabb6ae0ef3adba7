package io.kin.admin.api.nodes;

import io.kin.admin.api.config.AdminApiConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

@Path("/api/v1/nodes")
@Tag(name = "Nodes", description = "Broker nodes of the cluster")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    private final Pool pool;
    private final AdminApiConfig config;

    NodesResource(Pool pool, AdminApiConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @GET
    @Operation(summary = "List the broker nodes that have registered in the database, and which are up")
    public Uni<List<NodeView>> list() {
        return pool.preparedQuery("""
                        SELECT node_id, version, mqtt_port, started_at, last_seen,
                               internal_url IS NOT NULL AND last_seen > now() - make_interval(secs => $1) AS up
                        FROM kin_node ORDER BY node_id""")
                .execute(Tuple.of((double) config.nodes().liveSeconds()))
                .map(rows -> {
                    List<NodeView> nodes = new ArrayList<>();
                    for (Row r : rows) {
                        nodes.add(new NodeView(r.getString("node_id"), r.getString("version"),
                                r.getInteger("mqtt_port"), r.get(OffsetDateTime.class, "started_at"),
                                r.get(OffsetDateTime.class, "last_seen"), r.getBoolean("up")));
                    }
                    return nodes;
                });
    }
}
