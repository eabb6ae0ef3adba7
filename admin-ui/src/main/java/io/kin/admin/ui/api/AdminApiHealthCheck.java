package io.kin.admin.ui.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The console is only useful when it can reach the admin API. The check has no operator's token, so the API answers
 * 401: any HTTP answer means reachable; only a failed connection is DOWN.
 */
@Readiness
@ApplicationScoped
public class AdminApiHealthCheck implements HealthCheck {

    private final AdminApiClient api;

    AdminApiHealthCheck(@RestClient AdminApiClient api) {
        this.api = api;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("admin-api").up().withData("nodes", api.nodes().size()).build();
        } catch (ApiException e) {
            return HealthCheckResponse.named("admin-api").up().withData("status", e.status()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("admin-api").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
