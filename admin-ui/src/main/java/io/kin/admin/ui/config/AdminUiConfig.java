package io.kin.admin.ui.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the console; each key is also an environment variable ({@code kin.admin-api.url} = {@code KIN_ADMIN_API_URL}). */
@ConfigMapping(prefix = "kin")
public interface AdminUiConfig {

    Http http();

    AdminApi adminApi();

    interface Http {
        @WithDefault("8082")
        int port();
    }

    interface AdminApi {
        /** Where the console reaches the admin API. */
        @WithDefault("http://127.0.0.1:8081")
        String url();
    }
}
