package io.kin.admin.ui.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** The admin API as the console sees it: the console does nothing that is not one of these calls. */
@RegisterRestClient(configKey = "admin-api")
@Produces(MediaType.APPLICATION_JSON)
public interface AdminApiClient {

    @GET
    @Path("/api/v1/nodes")
    List<Node> nodes();

    record Node(String nodeId, String version, int mqttPort, String startedAt, String lastSeen) {
    }
}
