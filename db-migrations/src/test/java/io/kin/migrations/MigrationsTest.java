package io.kin.migrations;

import io.kin.embedded.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {

    static EmbeddedDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = EmbeddedDatabase.startEphemeral(0);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static Flyway flyway() {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration").load();
    }

    @Test
    void migrationsApplyToAnEmptyDatabaseAndAreIdempotent() throws Exception {
        MigrateResult first = flyway().migrate();
        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isGreaterThan(0);

        MigrateResult second = flyway().migrate();
        assertThat(second.migrationsExecuted).isZero();
        assertThat(flyway().validateWithResult().validationSuccessful).isTrue();

        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.getMetaData().getTables(null, "public", "kin_node", null)) {
            assertThat(rs.next()).as("kin_node table exists").isTrue();
        }
    }
}
