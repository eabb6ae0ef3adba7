package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.AdminApiClient;
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
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Map;

/** Sessions, connected or not: filter, pages, delete (ends the session on its node). */
@Path("/sessions")
@Blocking
public class SessionsPage {

    public record Search(String clientId, String state) {
        public String query() {
            return "clientId=" + Pages.enc(clientId) + "&state=" + Pages.enc(state);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance sessions(Search search, ApiModel.Page<ApiModel.Session> page, String cursor);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    SessionsPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("clientId") String clientId, @QueryParam("state") String state,
                                 @QueryParam("cursor") String cursor) {
        String st = state == null ? "" : state;
        Boolean persistent = st.equals("persistent") ? Boolean.TRUE : null;
        Boolean connected = st.equals("connected") ? Boolean.TRUE : st.equals("disconnected") ? Boolean.FALSE : null;
        ApiModel.Page<ApiModel.Session> page = api.sessions(Pages.blankToNull(clientId), persistent, connected, null,
                Pages.PAGE_SIZE, Pages.blankToNull(cursor));
        return Templates.sessions(new Search(clientId == null ? "" : clientId, st), page,
                cursor == null ? "" : cursor);
    }

    @POST
    @Path("delete")
    @Produces(MediaType.TEXT_HTML)
    public Object delete(@RestForm String clientId, @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Delete session", "End the session of '" + clientId + "'? A connected client is "
                            + "disconnected; its subscriptions and queued messages are dropped.", "/sessions/delete",
                    Map.of("clientId", clientId), "Delete session", "/sessions");
        }
        return Pages.changeThenRedirect(console, () -> api.deleteSession(clientId),
                "The session of '" + clientId + "' was deleted.",
                "Could not delete the session of '" + clientId + "'", "/sessions");
    }
}
