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

/** ACL rules: who may publish or subscribe where; the highest priority decides, a deny wins a tie. */
@Path("/acl")
@Blocking
public class AclPage {

    public record Form(String username, String clientId, String action, String topicFilter, boolean allow,
                       String priority) {
        static final Form EMPTY = new Form("", "", "PUBLISH", "", true, "0");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance acl(ApiModel.Page<ApiModel.AclRule> page, String cursor, Form form,
                                           Map<String, String> errors);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    AclPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("cursor") String cursor) {
        return Templates.acl(api.acl(Pages.PAGE_SIZE, Pages.blankToNull(cursor)), cursor == null ? "" : cursor,
                Form.EMPTY, Map.of());
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response create(@RestForm String username, @RestForm String clientId, @RestForm String action,
                           @RestForm String topicFilter, @RestForm String allow, @RestForm String priority) {
        Form form = new Form(s(username), s(clientId), action == null ? "PUBLISH" : action, s(topicFilter),
                "true".equals(allow), priority == null ? "0" : priority);
        try {
            api.createAclRule(new ApiModel.AclRuleBody(Pages.blankToNull(form.username()),
                    Pages.blankToNull(form.clientId()), form.action(), form.topicFilter(), form.allow(),
                    Pages.intOrNull(form.priority())));
            console.flashSuccess("The ACL rule for '" + form.topicFilter() + "' was added.");
            return Pages.redirect("/acl");
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            Map<String, String> errors = e.fieldErrors().isEmpty() ? Map.of("topicFilter", e.summary())
                    : e.fieldErrors();
            return Response.status(Pages.status(e)).entity(Templates.acl(api.acl(Pages.PAGE_SIZE, null), "", form,
                    errors)).build();
        }
    }

    @POST
    @Path("delete")
    @Produces(MediaType.TEXT_HTML)
    public Object delete(@RestForm long id, @RestForm String describe, @RestForm String revision,
                         @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Delete ACL rule", "Delete the ACL rule " + s(describe) + "? Brokers apply the "
                            + "change within a second.", "/acl/delete",
                    Map.of("id", Long.toString(id), "describe", s(describe), "revision", s(revision)), "Delete ACL rule",
                    "/acl");
        }
        return Pages.changeThenRedirect(console, () -> api.deleteAclRule(id, ApiModel.ifMatch(revision)),
                "The ACL rule " + s(describe) + " was deleted.",
                "Could not delete the ACL rule", "/acl");
    }

    private static String s(String v) {
        return v == null ? "" : v;
    }
}
