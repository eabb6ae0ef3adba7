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
 * Who may use the console and the API: admin users (list, create with a role, change role or password, delete).
 * Only for the admin role: the API answers 403 to anyone else, even for the list.
 */
@Path("/admin-users")
@Blocking
public class AdminUsersPage {

    public record Form(String username, String role) {
        static final Form EMPTY = new Form("", "viewer");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance adminUsers(ApiModel.Page<ApiModel.AdminUser> page, String cursor, Form form,
                                                  Map<String, String> errors);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    AdminUsersPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("cursor") String cursor) {
        return Templates.adminUsers(api.adminUsers(Pages.PAGE_SIZE, Pages.blankToNull(cursor)),
                cursor == null ? "" : cursor, Form.EMPTY, Map.of());
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response create(@RestForm String username, @RestForm String password, @RestForm String role) {
        Form form = new Form(username == null ? "" : username.trim(), role == null ? "viewer" : role);
        try {
            api.createAdminUser(new ApiModel.AdminUserBody(form.username(), password == null ? "" : password,
                    form.role()));
            console.flashSuccess("Admin user '" + form.username() + "' was created with the " + form.role()
                    + " role.");
            return Pages.redirect("/admin-users");
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            Map<String, String> errors = e.fieldErrors().isEmpty() ? Map.of("username", e.summary()) : e.fieldErrors();
            return Response.status(Pages.status(e)).entity(Templates.adminUsers(
                    api.adminUsers(Pages.PAGE_SIZE, null), "", form, errors)).build();
        }
    }

    /** A new role, a new password, or both (an empty password field leaves the password as it is). */
    @POST
    @Path("change")
    @Produces(MediaType.TEXT_HTML)
    public Response change(@RestForm String username, @RestForm String role, @RestForm String password) {
        try {
            api.changeAdminUser(username, new ApiModel.AdminUserChange(Pages.blankToNull(password),
                    Pages.blankToNull(role)));
            console.flashSuccess("Admin user '" + username + "' was changed"
                    + (Pages.blankToNull(password) == null ? "" : " (new password)") + ".");
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            console.flashError("Could not change admin user '" + username + "': " + e.summary());
        }
        return Pages.redirect("/admin-users");
    }

    @POST
    @Path("delete")
    @Produces(MediaType.TEXT_HTML)
    public Object delete(@RestForm String username, @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Delete admin user", "Delete admin user '" + username + "'? Their console "
                    + "sessions end at once.", "/admin-users/delete", Map.of("username", username),
                    "Delete admin user", "/admin-users");
        }
        return Pages.changeThenRedirect(console, () -> api.deleteAdminUser(username),
                "Admin user '" + username + "' was deleted.",
                "Could not delete admin user '" + username + "'", "/admin-users");
    }
}
