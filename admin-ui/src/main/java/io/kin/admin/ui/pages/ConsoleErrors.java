package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.ApiException;
import io.kin.admin.ui.config.AdminUiConfig;
import io.kin.admin.ui.session.ConsoleRequest;
import io.kin.admin.ui.session.ConsoleSessions;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What a page shows when the admin API refuses or cannot be reached: an expired API token sends the operator to the
 * login page; anything else is an error page in the console's layout, with the API's own explanation.
 */
public class ConsoleErrors {

    private static final Logger LOG = Logger.getLogger(ConsoleErrors.class);

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance error(int status, String title, String message);
    }

    @Inject
    ConsoleRequest request;

    @Inject
    ConsoleSessions sessions;

    @Inject
    AdminUiConfig config;

    @ServerExceptionMapper
    public Response apiRefused(ApiException e) {
        if (e.status() == 401) {
            if (request.session() != null) {
                sessions.close(request.session().id());
            }
            return Response.seeOther(java.net.URI.create("/login?expired=1")).build();
        }
        String title = switch (e.status()) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 412 -> "Changed by someone else";
            default -> e.title();
        };
        return page(e.status(), title, e.summary());
    }

    @ServerExceptionMapper
    public Response apiUnreachable(ProcessingException e) {
        LOG.debugf("admin API unreachable: %s", e.toString());
        return page(502, "Admin API not reachable", "The admin API is not reachable at " + config.adminApi().url()
                + ". Check that it runs, then reload this page.");
    }

    private static Response page(int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, message)).build();
    }
}
