package io.kin.admin.api.nodes;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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

    NodesResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "List the broker nodes that have registered in the database")
    public Uni<List<NodeView>> list() {
        return pool.query("SELECT node_id, version, mqtt_port, started_at, last_seen FROM kin_node ORDER BY node_id")
                .execute()
                .map(rows -> {
                    List<NodeView> nodes = new ArrayList<>();
                    for (Row r : rows) {
                        nodes.add(new NodeView(r.getString("node_id"), r.getString("version"),
                                r.getInteger("mqtt_port"), r.get(OffsetDateTime.class, "started_at"),
                                r.get(OffsetDateTime.class, "last_seen")));
                    }
                    return nodes;
                });
    }
}
