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

/** Auto-subscriptions: topic filters a client is subscribed to as it connects, by client id pattern. */
@Path("/auto-subscriptions")
@Blocking
public class AutoSubscriptionsPage {

    public record Form(String clientIdPattern, String topicFilter, String qos, boolean noLocal,
                       boolean retainAsPublished, String retainHandling) {
        static final Form EMPTY = new Form("", "", "0", false, false, "0");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance autoSubscriptions(ApiModel.Page<ApiModel.AutoSubscription> page, String cursor,
                                                         Form form, Map<String, String> errors);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    AutoSubscriptionsPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("cursor") String cursor) {
        return Templates.autoSubscriptions(api.autoSubscriptions(Pages.PAGE_SIZE, Pages.blankToNull(cursor)),
                cursor == null ? "" : cursor, Form.EMPTY, Map.of());
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response create(@RestForm String clientIdPattern, @RestForm String topicFilter, @RestForm String qos,
                           @RestForm String noLocal, @RestForm String retainAsPublished,
                           @RestForm String retainHandling) {
        Form form = new Form(s(clientIdPattern), s(topicFilter), qos == null ? "0" : qos, Pages.checked(noLocal),
                Pages.checked(retainAsPublished), retainHandling == null ? "0" : retainHandling);
        try {
            ApiModel.AutoSubscription created = api.createAutoSubscription(new ApiModel.AutoSubscriptionBody(
                    form.clientIdPattern(), form.topicFilter(), Pages.intOrNull(form.qos()), form.noLocal(),
                    form.retainAsPublished(), Pages.intOrNull(form.retainHandling())));
            console.flashSuccess("Clients matching '" + created.clientIdPattern() + "' are subscribed to '"
                    + created.topicFilter() + "' as they connect.");
            return Pages.redirect("/auto-subscriptions");
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            Map<String, String> errors = e.fieldErrors().isEmpty() ? Map.of("topicFilter", e.summary())
                    : e.fieldErrors();
            return Response.status(Pages.status(e)).entity(Templates.autoSubscriptions(
                    api.autoSubscriptions(Pages.PAGE_SIZE, null), "", form, errors)).build();
        }
    }

    @POST
    @Path("delete")
    @Produces(MediaType.TEXT_HTML)
    public Object delete(@RestForm long id, @RestForm String describe, @RestForm String revision,
                         @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Delete auto-subscription", "Delete the auto-subscription " + s(describe)
                            + "? Clients that connect from now on no longer get it.", "/auto-subscriptions/delete",
                    Map.of("id", Long.toString(id), "describe", s(describe), "revision", s(revision)),
                    "Delete auto-subscription",
                    "/auto-subscriptions");
        }
        return Pages.changeThenRedirect(console, () -> api.deleteAutoSubscription(id, ApiModel.ifMatch(revision)),
                "The auto-subscription " + s(describe) + " was deleted.",
                "Could not delete the auto-subscription", "/auto-subscriptions");
    }

    private static String s(String v) {
        return v == null ? "" : v;
    }
}
