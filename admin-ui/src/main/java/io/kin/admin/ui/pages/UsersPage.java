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

/** MQTT users: list, create (password stored as the brokers verify it, never shown), new password, delete. */
@Path("/users")
@Blocking
public class UsersPage {

    public record Form(String username, boolean superuser) {
        static final Form EMPTY = new Form("", false);
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(ApiModel.Page<ApiModel.User> page, String cursor, Form form,
                                             Map<String, String> errors);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    UsersPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("cursor") String cursor) {
        return Templates.users(api.users(Pages.PAGE_SIZE, Pages.blankToNull(cursor)), cursor == null ? "" : cursor,
                Form.EMPTY, Map.of());
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response create(@RestForm String username, @RestForm String password, @RestForm String superuser) {
        Form form = new Form(username == null ? "" : username.trim(), Pages.checked(superuser));
        try {
            api.createUser(new ApiModel.UserBody(form.username(), password == null ? "" : password, form.superuser()));
            console.flashSuccess("User '" + form.username() + "' was created; brokers accept it within a second.");
            return Pages.redirect("/users");
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            Map<String, String> errors = e.fieldErrors().isEmpty() ? Map.of("username", e.summary()) : e.fieldErrors();
            return Response.status(Pages.status(e)).entity(Templates.users(api.users(Pages.PAGE_SIZE, null), "", form,
                    errors)).build();
        }
    }

    @POST
    @Path("password")
    @Produces(MediaType.TEXT_HTML)
    public Response password(@RestForm String username, @RestForm String password) {
        ApiModel.PasswordBody body = new ApiModel.PasswordBody(password == null ? "" : password);
        return Pages.changeThenRedirect(console, () -> api.setPassword(username, body),
                "The password of '" + username + "' was changed.",
                "Could not change the password of '" + username + "'", "/users");
    }

    @POST
    @Path("delete")
    @Produces(MediaType.TEXT_HTML)
    public Object delete(@RestForm String username, @RestForm String revision, @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Delete user", "Delete MQTT user '" + username + "'? Clients connected with it "
                            + "stay connected; new connections with it are refused.", "/users/delete",
                    Map.of("username", username, "revision", revision == null ? "" : revision), "Delete user",
                    "/users");
        }
        return Pages.changeThenRedirect(console, () -> api.deleteUser(username, ApiModel.ifMatch(revision)),
                "User '" + username + "' was deleted.",
                "Could not delete user '" + username + "'", "/users");
    }
}
