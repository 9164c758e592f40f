package dev.downtime.receiver.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.MigrationSchema;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V12 makes active token names unique, ignoring case, on a database whose tokens may already
 * clash: the oldest keeps the name, the others are revoked, and the revocation is audited.
 */
class ActiveNameMigrationTest {

    MigrationSchema schema;
    JdbcClient jdbc;

    @BeforeEach
    void migrateAFreshSchemaToV11() {
        schema = MigrationSchema.at("11");
        jdbc = schema.jdbc();
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    void insertToken(String name, String createdAt, boolean revoked) {
        jdbc.sql("""
                        INSERT INTO admin_token (id, name, role, token_sha256, created_by, created_at, revoked_at, revoked_by)
                        VALUES (gen_random_uuid(), :name, 'editor', sha256(gen_random_uuid()::text::bytea), 'ops',
                                CAST(:createdAt AS timestamptz),
                                CASE WHEN :revoked THEN CAST(:createdAt AS timestamptz) END,
                                CASE WHEN :revoked THEN 'ops' END)
                        """)
                .param("name", name)
                .param("createdAt", createdAt)
                .param("revoked", revoked)
                .update();
    }

    List<String> activeNames() {
        return jdbc.sql("SELECT name FROM admin_token WHERE revoked_at IS NULL ORDER BY name")
                .query(String.class)
                .list();
    }

    @Test
    void keepsTheOldestActiveTokenOfEachNameAndRevokesAndAuditsTheOthers() {
        insertToken("Alice", "2026-01-01T00:00:00Z", false);
        insertToken("alice", "2026-01-02T00:00:00Z", false);
        insertToken("ALICE", "2026-01-03T00:00:00Z", true);
        insertToken("bob", "2026-01-04T00:00:00Z", false);

        schema.migrateTo("12");

        assertThat(activeNames()).containsExactlyInAnyOrder("Alice", "bob");
        assertThat(jdbc.sql("""
                        SELECT e.actor FROM audit_event e JOIN admin_token t ON t.id = e.subject_id
                        WHERE e.action = 'token.revoked' AND t.name = 'alice'
                          AND e.after ->> 'revokedBy' = t.revoked_by
                        """).query(String.class).list()).containsExactly("migration V12 (duplicate name)");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void refusesASecondActiveTokenOfANameEvenPastTheApplication() {
        schema.migrateTo("12");
        insertToken("carol", "2026-01-01T00:00:00Z", false);
        insertToken("Carol", "2026-01-02T00:00:00Z", true);

        assertThatThrownBy(() -> insertToken("CAROL", "2026-01-03T00:00:00Z", false))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("admin_token_active_name_idx");
    }
}
