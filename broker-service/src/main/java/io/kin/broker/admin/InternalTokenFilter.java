package io.kin.broker.admin;

import io.kin.broker.config.BrokerConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * When {@code kin.internal.token} is set, the internal endpoints answer only requests carrying it in
 * {@code X-Kin-Internal-Token} (the admin API sends it); everything else on the HTTP port is unaffected.
 */
@Provider
public class InternalTokenFilter implements ContainerRequestFilter {

    public static final String HEADER = "X-Kin-Internal-Token";

    // looked up per request: JAX-RS providers are made at static init, before the kin.* mapping exists
    private final Instance<BrokerConfig> config;

    InternalTokenFilter(Instance<BrokerConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String token = config.get().internal().token().filter(t -> !t.isBlank()).orElse(null);
        if (token == null || !request.getUriInfo().getPath().startsWith("/internal/")) {
            return;
        }
        String given = request.getHeaderString(HEADER);
        if (given == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(Response.status(401).type(MediaType.TEXT_PLAIN)
                    .entity("missing or wrong " + HEADER).build());
        }
    }
}
