package io.kin.admin.ui.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the console; each key is also an environment variable ({@code kin.admin-api.url} = {@code KIN_ADMIN_API_URL}). */
@ConfigMapping(prefix = "kin")
public interface AdminUiConfig {

    Http http();

    AdminApi adminApi();

    Session session();

    interface Http {
        @WithDefault("8082")
        int port();
    }

    interface AdminApi {
        /** Where the console reaches the admin API. */
        @WithDefault("http://127.0.0.1:8081")
        String url();
    }

    interface Session {
        /** Minutes without a request after which an operator must sign in again. */
        @WithDefault("480")
        int idleMinutes();

        /** Mark the session cookie Secure (set it when the console is served over HTTPS). */
        @WithDefault("false")
        boolean secureCookie();
    }
}
