package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.MigrationSchema;
import dev.downtime.receiver.alerts.grouping.GroupKey;
import dev.downtime.receiver.alerts.grouping.GroupMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * V58: messages in the outbox from before the counts (which listed every site) get counts equal to
 * their lists' lengths, so that they render as they would have.
 */
class MessageCountsMigrationTest {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    final JsonMapper json = JsonMapper.builder().build();
    MigrationSchema schema;
    JdbcClient jdbc;

    @BeforeEach
    void migrateAFreshSchemaToV57() {
        schema = MigrationSchema.at("57");
        jdbc = schema.jdbc();
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void aMessageFromBeforeTheCountsIsCountedByItsLists() {
        GroupMessage.Site confirmed = new GroupMessage.Site("https://a.test/", "h1", T0, T0.plusSeconds(5), null);
        GroupMessage.Site unconfirmed = new GroupMessage.Site("https://b.test/", null, T0, null, null);
        GroupMessage.Site back = new GroupMessage.Site("https://c.test/", "h1", T0, null, T0.plusSeconds(60));
        GroupMessage message = new GroupMessage(
                new GroupKey("host", "h1"),
                GroupMessage.Kind.UPDATED,
                2,
                T0.plusSeconds(300),
                T0,
                List.of(confirmed, unconfirmed),
                List.of(unconfirmed),
                List.of(back),
                2,
                1,
                1,
                1,
                "/api/v1/incidents?state=open&host=h1");
        ObjectNode old = json.valueToTree(message);
        old.remove(List.of("down", "confirmed", "newlyDownCount", "backCount"));
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO alert (id, group_key, sequence, channel, message, created_at, status, next_attempt_at)
                        VALUES (:id, 'host=h1', 2, 'slack', CAST(:message AS jsonb), now(), 'pending', now())
                        """).param("id", id).param("message", old.toString()).update();

        schema.migrateTo("58");

        String migrated = jdbc.sql("SELECT message::text FROM alert WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single();
        assertThat(json.readValue(migrated, GroupMessage.class)).isEqualTo(message);
    }
}
