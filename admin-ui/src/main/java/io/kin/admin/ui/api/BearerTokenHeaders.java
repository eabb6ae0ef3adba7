package io.kin.admin.ui.api;

import io.kin.admin.ui.session.ConsoleRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Adds the signed-in operator's API token to every admin API call made while serving their request. */
@ApplicationScoped
public class BearerTokenHeaders implements ClientHeadersFactory {

    @Inject
    ConsoleRequest request;

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        try {
            String token = request.token();
            if (token != null) {
                headers.putSingle("Authorization", "Bearer " + token);
            }
        } catch (ContextNotActiveException e) {
            // a call outside a browser request (the readiness check): no operator, no token
        }
        return headers;
    }
}
