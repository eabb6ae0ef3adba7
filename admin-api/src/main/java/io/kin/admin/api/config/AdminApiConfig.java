package io.kin.admin.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the admin API; each key is also an environment variable ({@code kin.http.port} = {@code KIN_HTTP_PORT}). */
@ConfigMapping(prefix = "kin")
public interface AdminApiConfig {

    Http http();

    Db db();

    Nodes nodes();

    Internal internal();

    Auth auth();

    Cluster cluster();

    /**
     * The broker cluster, which the admin API joins as a Hazelcast client for live state and commands. Without
     * members it calls the nodes over HTTP instead, at the internal URLs they record in {@code kin_node}.
     */
    interface Cluster {
        /** Host:port of broker members (Hazelcast ports), comma separated; a few are enough, the rest are found. */
        java.util.Optional<java.util.List<String>> members();

        /** The cluster name the brokers use ({@code kin.cluster.name} there). */
        @WithDefault("kin")
        String name();
    }

    Admin admin();

    /** Console login sessions and the failed-login throttle. */
    interface Auth {
        /** How long a login session token stays valid. */
        @WithDefault("720")
        int sessionMinutes();

        /** Failed logins for one user name within {@code lockout-seconds} before further tries are refused. */
        @WithDefault("5")
        int maxFailedLogins();

        @WithDefault("60")
        int lockoutSeconds();
    }

    /**
     * First-start access, from the environment: {@code KIN_ADMIN_USERNAME} + {@code KIN_ADMIN_PASSWORD} create that
     * admin user when it does not exist (an existing one keeps its password); {@code KIN_ADMIN_API_KEY} is an admin
     * API key (at least 20 characters), replaced when the variable changes.
     */
    interface Admin {
        java.util.Optional<String> username();

        java.util.Optional<String> password();

        java.util.Optional<String> apiKey();
    }

    /** How the admin API reaches the broker nodes' internal endpoints for live state and commands. */
    interface Nodes {
        /** A node whose heartbeat in {@code kin_node} is older than this is treated as down. */
        @WithDefault("20")
        int liveSeconds();

        /** How long one call to one node may take. */
        @WithDefault("5000")
        long timeoutMillis();
    }

    interface Internal {
        /** Sent to the nodes as {@code X-Kin-Internal-Token}; must match the brokers' {@code kin.internal.token}. */
        java.util.Optional<String> token();
    }

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
