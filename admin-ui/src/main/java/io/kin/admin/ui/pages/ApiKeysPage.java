package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.AdminApiClient;
import io.kin.admin.ui.api.ApiException;
import io.kin.admin.ui.api.ApiModel;
import io.kin.admin.ui.session.ConsoleRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Map;

/**
 * API keys for scripts: list, create (the key is shown once, on the page that answers the creation, and never
 * again: only its hash is stored), revoke. Only for the admin role.
 */
@Path("/api-keys")
@Blocking
public class ApiKeysPage {

    public record Form(String name, String role) {
        static final Form EMPTY = new Form("", "viewer");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance apiKeys(ApiModel.Page<ApiModel.ApiKey> page, String cursor, Form form,
                                               Map<String, String> errors, ApiModel.ApiKey created);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    ApiKeysPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("cursor") String cursor) {
        return Templates.apiKeys(api.apiKeys(Pages.PAGE_SIZE, Pages.blankToNull(cursor)), cursor == null ? "" : cursor,
                Form.EMPTY, Map.of(), null);
    }

    /** Answers the list with the new key in it, once: no redirect, so the key is in no session or URL. */
    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response create(@RestForm String name, @RestForm String role) {
        Form form = new Form(name == null ? "" : name.trim(), role == null ? "viewer" : role);
        try {
            ApiModel.ApiKey created = api.createApiKey(new ApiModel.ApiKeyBody(form.name(), form.role()));
            return Response.ok(Templates.apiKeys(api.apiKeys(Pages.PAGE_SIZE, null), "", Form.EMPTY, Map.of(),
                    created)).header("Cache-Control", "no-store").build();
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            Map<String, String> errors = e.fieldErrors().isEmpty() ? Map.of("name", e.summary()) : e.fieldErrors();
            return Response.status(Pages.status(e)).entity(Templates.apiKeys(api.apiKeys(Pages.PAGE_SIZE, null), "",
                    form, errors, null)).build();
        }
    }

    @POST
    @Path("revoke")
    @Produces(MediaType.TEXT_HTML)
    public Object revoke(@RestForm String id, @RestForm String name, @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Revoke API key", "Revoke API key '" + name + "'? Scripts using it are refused "
                    + "at once.", "/api-keys/revoke", Map.of("id", id, "name", name == null ? "" : name),
                    "Revoke key", "/api-keys");
        }
        return Pages.changeThenRedirect(console, () -> api.deleteApiKey(id),
                "API key '" + name + "' was revoked.",
                "Could not revoke API key '" + name + "'", "/api-keys");
    }
}
