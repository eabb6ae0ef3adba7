package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.AdminApiClient;
import io.kin.admin.ui.config.AdminUiConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.List;

@Path("/")
@Blocking
public class DashboardPage {

    private static final Logger LOG = Logger.getLogger(DashboardPage.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(List<AdminApiClient.Node> nodes, String apiError);
    }

    private final AdminApiClient api;
    private final AdminUiConfig config;

    DashboardPage(@RestClient AdminApiClient api, AdminUiConfig config) {
        this.api = api;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance dashboard() {
        try {
            return Templates.dashboard(api.nodes(), null);
        } catch (RuntimeException e) {
            LOG.debugf("admin API unreachable: %s", e.toString());
            return Templates.dashboard(List.of(), "The admin API is not reachable at " + config.adminApi().url() + ": " + e.getMessage());
        }
    }
}
