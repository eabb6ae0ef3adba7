package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.AdminApiClient;
import io.kin.admin.ui.api.ApiException;
import io.kin.admin.ui.api.ApiModel;
import io.kin.admin.ui.config.AdminUiConfig;
import io.kin.admin.ui.session.ConsoleRequest;
import io.kin.admin.ui.session.ConsoleSession;
import io.kin.admin.ui.session.ConsoleSessions;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;

/**
 * Sign-in against the admin API ({@code POST /api/v1/auth/login}): the token it answers stays in the console's
 * session store; the browser gets a random session id in an HttpOnly, SameSite=Strict cookie. The login form has its
 * own CSRF token (a cookie and a hidden field that must match) since there is no session yet.
 */
@Path("/")
@Blocking
public class LoginPage {

    static final String LOGIN_CSRF_COOKIE = "kin_login";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String username, String next, String csrf, String error, String notice);
    }

    private final AdminApiClient api;
    private final ConsoleSessions sessions;
    private final ConsoleRequest request;
    private final AdminUiConfig config;

    LoginPage(@RestClient AdminApiClient api, ConsoleSessions sessions, ConsoleRequest request, AdminUiConfig config) {
        this.api = api;
        this.sessions = sessions;
        this.request = request;
        this.config = config;
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public Response form(@QueryParam("next") String next, @QueryParam("expired") String expired,
                         @QueryParam("out") String out,
                         @CookieParam(ConsoleSessions.COOKIE) String sessionId) {
        if (sessions.find(sessionId).isPresent()) {
            return Pages.redirect(safeNext(next));
        }
        String notice = expired != null ? "Your session has ended: sign in again."
                : out != null ? "You are signed out." : null;
        return page(200, "", next, null, notice);
    }

    @POST
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public Response login(@RestForm String username, @RestForm String password, @RestForm String next,
                          @RestForm("_csrf") String csrf, @CookieParam(LOGIN_CSRF_COOKIE) String csrfCookie) {
        if (csrf == null || csrfCookie == null || !csrf.equals(csrfCookie)) {
            return page(403, username, next, "The sign-in form expired: try again.", null);
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return page(400, username, next, "Enter your user name and password.", null);
        }
        ApiModel.LoginResult result;
        try {
            result = api.login(new ApiModel.LoginBody(username.trim(), password));
        } catch (ApiException e) {
            String message = switch (e.status()) {
                case 401 -> "Wrong user name or password.";
                case 429 -> "Too many failed attempts: wait a minute and try again.";
                default -> "The admin API refused the sign-in: " + e.summary();
            };
            return page(e.status() == 429 ? 429 : 401, username, next, message, null);
        } catch (ProcessingException e) {
            return page(502, username, next, "The admin API is not reachable at " + config.adminApi().url() + ".", null);
        }
        ConsoleSession session = sessions.open(result.token(),
                result.username() == null ? username.trim() : result.username(), result.role(), result.expiresAt());
        return Response.seeOther(URI.create(safeNext(next)))
                .cookie(cookie(ConsoleSessions.COOKIE, session.id(), -1), cookie(LOGIN_CSRF_COOKIE, "", 0))
                .build();
    }

    @POST
    @Path("logout")
    public Response logout() {
        if (request.session() != null) {
            try {
                api.logout();
            } catch (RuntimeException ignored) {
                // the token ends with the console session anyway
            }
            sessions.close(request.session().id());
        }
        return Response.seeOther(URI.create("/login?out=1")).cookie(cookie(ConsoleSessions.COOKIE, "", 0)).build();
    }

    private Response page(int status, String username, String next, String error, String notice) {
        String csrf = ConsoleSessions.randomToken();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.login(username == null ? "" : username, next == null ? "" : next, csrf, error, notice))
                .cookie(cookie(LOGIN_CSRF_COOKIE, csrf, -1)).build();
    }

    private NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).maxAge(maxAge)
                .secure(config.session().secureCookie()).sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** Only a path of this console: never an absolute URL or "//host" (no open redirect). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.startsWith("/login")) {
            return "/";
        }
        return next;
    }
}
