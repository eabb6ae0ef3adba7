package io.kin.admin.api.revision;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Every single stored resource answered carries {@code ETag: "<revision>"}, to send back as {@code If-Match}. */
public class EtagHeader {

    @ServerResponseFilter
    public void addEtag(ContainerResponseContext response) {
        if (response.getEntity() instanceof Revised r && r.revision() != null) {
            response.getHeaders().putSingle(HttpHeaders.ETAG, "\"" + r.revision() + "\"");
        }
    }
}
