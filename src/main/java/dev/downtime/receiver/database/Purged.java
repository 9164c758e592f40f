package dev.downtime.receiver.database;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What deleting old rows did: how many, in how many batches. Each module deletes its own rows when
 * retention asks it ({@code purgeOlderThan}).
 *
 * @param batches deletions that removed rows, each in its own transaction
 */
public record Purged(long rows, int batches) {

    public static final Purged NOTHING = new Purged(0, 0);

    public Purged plus(Purged other) {
        return new Purged(rows + other.rows, batches + other.batches);
    }

    /**
     * Runs a statement that deletes at most {@code :limit} rows older than {@code :cutoff} until it
     * deletes none, each run committing on its own (call it outside any transaction), so that no
     * lock is held long.
     */
    public static Purged inBatches(JdbcClient jdbc, String delete, Instant cutoff, int batchSize) {
        long rows = 0;
        int batches = 0;
        OffsetDateTime at = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        for (int deleted = run(jdbc, delete, at, batchSize); deleted > 0; deleted = run(jdbc, delete, at, batchSize)) {
            rows += deleted;
            batches++;
        }
        return new Purged(rows, batches);
    }

    private static int run(JdbcClient jdbc, String delete, OffsetDateTime cutoff, int batchSize) {
        return jdbc.sql(delete)
                .param("cutoff", cutoff)
                .param("limit", batchSize)
                .update();
    }
}
