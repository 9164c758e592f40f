package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** Base of the inventory's HTTP tests: the inventory in memory emptied with its table. */
abstract class InventoryIntegrationTest extends PostgresIntegrationTest {

    @Autowired
    protected Inventory inventory;

    @BeforeEach
    void emptyInventory() {
        inventory.refresh();
    }

    /** Uploads sites as CSV through the API, which must accept them. */
    protected void upload(String csv) {
        assertThat(mvc.put()
                        .uri("/api/v1/sites")
                        .header("Authorization", bearer())
                        .contentType(MediaType.parseMediaType("text/csv"))
                        .content(csv)
                        .exchange())
                .hasStatusOk();
    }

    /** What another instance's upload leaves behind: a row, and a new inventory version. */
    protected void insertElsewhere(String url, String labelsJson) {
        jdbc.sql("""
                        INSERT INTO site (id, url, labels, created_at, updated_at)
                        VALUES (:id, :url, :labels::jsonb, now(), now())
                        """)
                .param("id", UUID.randomUUID())
                .param("url", url)
                .param("labels", labelsJson)
                .update();
    }
}
