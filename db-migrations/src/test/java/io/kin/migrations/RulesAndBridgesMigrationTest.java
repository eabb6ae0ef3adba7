package io.kin.migrations;

import io.kin.embedded.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** V3: the tables rules and bridges are kept in, and their change signals. */
class RulesAndBridgesMigrationTest {

    static EmbeddedDatabase db;

    @BeforeAll
    static void migrate() throws Exception {
        db = EmbeddedDatabase.startEphemeral(0);
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                .load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    static Map<String, String> columns(Connection c, String table) throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, "public", table, null)) {
            while (rs.next()) {
                found.put(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"));
            }
        }
        return found;
    }

    @Test
    void bridgeAndRuleTablesHaveTheirColumns() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            assertThat(columns(c, "kin_bridge")).containsExactly(Map.entry("name", "text"), Map.entry("type", "text"),
                    Map.entry("enabled", "bool"), Map.entry("config", "jsonb"),
                    Map.entry("created_at", "timestamptz"), Map.entry("updated_at", "timestamptz"));
            assertThat(columns(c, "kin_rule")).containsExactly(Map.entry("id", "text"), Map.entry("name", "text"),
                    Map.entry("description", "text"), Map.entry("sql", "text"), Map.entry("enabled", "bool"),
                    Map.entry("actions", "jsonb"), Map.entry("created_at", "timestamptz"),
                    Map.entry("updated_at", "timestamptz"));
        }
    }

    @Test
    void rulesAndBridgesHaveAConfigVersionToWatchFromTheStart() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT area, version FROM kin_config_version "
                     + "WHERE area IN ('bridges', 'rules') ORDER BY area")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + "=" + rs.getLong(2)).isEqualTo("bridges=0");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + "=" + rs.getLong(2)).isEqualTo("rules=0");
        }
    }

    @Test
    void aBridgeRowNeedsOnlyNameAndType() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO kin_bridge (name, type) VALUES ('minimal', 'HTTP')");
            try (ResultSet rs = s.executeQuery("SELECT enabled, config::text FROM kin_bridge WHERE name = 'minimal'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getString(2)).isEqualTo("{}");
            }
        }
    }
}
