package io.kin.admin.api.auth;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.List;
import java.util.Map;

/**
 * Documents {@link AccessFilter} in the OpenAPI document, so it cannot drift from the code: the bearer scheme for the
 * whole API, no security on the login itself, a 401 on every other operation and a 403 where a viewer is refused.
 */
public class AccessDocumentation implements OASFilter {

    private static final String SCHEME = "bearer";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        components.addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API key (kin_k_..., from ./kin api-key or POST /api/v1/api-keys) or a console "
                        + "session token (kin_s_..., from POST /api/v1/auth/login)"));
        api.setComponents(components);
        api.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME));
        if (api.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                document(path.getKey(), op.getKey().name(), op.getValue());
            }
        }
    }

    private static void document(String path, String method, Operation op) {
        if (path.equals("/api/v1/auth/login")) {
            op.setSecurity(List.of()); // the one operation without a token
            return;
        }
        op.getResponses().addAPIResponse("401", problem("No token, or an unknown, revoked or expired one"));
        if (AccessFilter.needsAdmin(method, path)) {
            op.getResponses().addAPIResponse("403", problem("The caller has the viewer role; this needs admin"));
        }
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/problem+json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))));
    }
}
