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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Map;

/** Connected clients: search (client id, user name, IP, node), pages, a client's detail, and kick. */
@Path("/clients")
@Blocking
public class ClientsPage {

    /** The search as sent, for the form and the paging links. */
    public record Search(String clientId, String username, String ip, String node) {
        public String query() {
            return "clientId=" + Pages.enc(clientId) + "&username=" + Pages.enc(username) + "&ip=" + Pages.enc(ip)
                    + "&node=" + Pages.enc(node);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance clients(Search search, ApiModel.Page<ApiModel.Client> page, String cursor);

        static native TemplateInstance client(ApiModel.ClientDetail detail);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    ClientsPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("clientId") String clientId, @QueryParam("username") String username,
                                 @QueryParam("ip") String ip, @QueryParam("node") String node,
                                 @QueryParam("cursor") String cursor) {
        Search search = new Search(s(clientId), s(username), s(ip), s(node));
        ApiModel.Page<ApiModel.Client> page = api.clients(Pages.blankToNull(clientId), Pages.blankToNull(username),
                Pages.blankToNull(ip), Pages.blankToNull(node), Pages.PAGE_SIZE, Pages.blankToNull(cursor));
        return Templates.clients(search, page, s(cursor));
    }

    @GET
    @Path("view")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance view(@QueryParam("clientId") String clientId) {
        return Templates.client(api.client(clientId));
    }

    @POST
    @Path("kick")
    @Produces(MediaType.TEXT_HTML)
    public Object kick(@RestForm String clientId, @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Kick client", "Disconnect client '" + clientId + "'? Its session stays; the "
                            + "client may reconnect.", "/clients/kick", Map.of("clientId", clientId), "Kick client",
                    "/clients/view?clientId=" + Pages.enc(clientId));
        }
        return Pages.changeThenRedirect(console, () -> api.kick(clientId),
                "Client '" + clientId + "' was disconnected.",
                "Could not kick '" + clientId + "'", "/clients");
    }

    private static String s(String v) {
        return v == null ? "" : v;
    }
}
