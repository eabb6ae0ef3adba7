package io.kin.admin.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the admin API; each key is also an environment variable ({@code kin.http.port} = {@code KIN_HTTP_PORT}). */
@ConfigMapping(prefix = "kin")
public interface AdminApiConfig {

    Http http();

    Db db();

    interface Http {
        @WithDefault("8081")
        int port();
    }

    interface Db {
        /** PostgreSQL, as postgresql://host:port/database. */
        @WithDefault("postgresql://127.0.0.1:5432/kin")
        String url();

        @WithDefault("kin")
        String user();

        @WithDefault("kin")
        String password();
    }
}
