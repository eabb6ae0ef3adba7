package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.AdminApiClient;
import io.kin.admin.ui.api.ApiModel;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Every session's subscriptions, cluster-wide: filter by client id or part of the topic filter. */
@Path("/subscriptions")
@Blocking
public class SubscriptionsPage {

    public record Search(String clientId, String filter) {
        public String query() {
            return "clientId=" + Pages.enc(clientId) + "&filter=" + Pages.enc(filter);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance subscriptions(Search search, ApiModel.Page<ApiModel.Subscription> page,
                                                     String cursor);
    }

    private final AdminApiClient api;

    SubscriptionsPage(@RestClient AdminApiClient api) {
        this.api = api;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("clientId") String clientId, @QueryParam("filter") String filter,
                                 @QueryParam("cursor") String cursor) {
        ApiModel.Page<ApiModel.Subscription> page = api.subscriptions(Pages.blankToNull(clientId),
                Pages.blankToNull(filter), null, Pages.PAGE_SIZE, Pages.blankToNull(cursor));
        return Templates.subscriptions(new Search(clientId == null ? "" : clientId, filter == null ? "" : filter),
                page, cursor == null ? "" : cursor);
    }
}
