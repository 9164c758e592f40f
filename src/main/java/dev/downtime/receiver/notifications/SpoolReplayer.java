package dev.downtime.receiver.notifications;

import dev.downtime.receiver.database.DatabaseAvailability;
import dev.downtime.receiver.database.DatabaseFailure;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Moves spooled notifications into PostgreSQL while it is available, one segment at a time, and
 * deletes a segment only once all of it is committed or set aside. A replay cut short is simply
 * repeated: rows already stored are skipped by id, so each notification ends up stored exactly
 * once. Nothing in a segment can stop replay for good: a row PostgreSQL refuses for what it holds,
 * and a line that cannot be read, are quarantined and replay goes on; only PostgreSQL being
 * unavailable (or failing for no row's fault) stops it until the next attempt.
 */
@Component
class SpoolReplayer {

    private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);

    private final NotificationSpool spool;
    private final NotificationInserter inserter;
    private final NotificationQuarantine quarantine;
    private final DatabaseAvailability database;
    private final NotificationsProperties properties;

    SpoolReplayer(
            NotificationSpool spool,
            NotificationInserter inserter,
            NotificationQuarantine quarantine,
            DatabaseAvailability database,
            NotificationsProperties properties) {
        this.spool = spool;
        this.inserter = inserter;
        this.quarantine = quarantine;
        this.database = database;
        this.properties = properties;
    }

    synchronized void replay() {
        if (!database.available() || !spool.hasSegments()) {
            return;
        }
        for (Path segment : spool.closeAndListSegments()) {
            try {
                int[] replayed = {0, 0, 0};
                spool.read(
                        segment,
                        properties.batchSize(),
                        chunk -> {
                            NotificationInserter.Inserted inserted = inserter.insert(chunk);
                            quarantine.putRefused(inserted.refused(), NotificationQuarantine.Stage.REPLAY);
                            replayed[0] += chunk.size() - inserted.refused().size();
                            replayed[1] += inserted.refused().size();
                        },
                        line -> {
                            quarantine.putUnreadable(line);
                            replayed[2]++;
                        });
                spool.remove(segment);
                if (replayed[1] + replayed[2] == 0) {
                    log.info("Replayed spool segment {}: {} notifications", segment.getFileName(), replayed[0]);
                } else {
                    log.warn(
                            "Replayed spool segment {}: {} notifications; quarantined {} refused by PostgreSQL"
                                    + " and {} unreadable lines",
                            segment.getFileName(),
                            replayed[0],
                            replayed[1],
                            replayed[2]);
                }
            } catch (DataAccessException e) {
                database.markUnavailable("spool replay failed: SQLSTATE " + DatabaseFailure.sqlState(e) + ": "
                        + DatabaseFailure.reason(e));
                return;
            } catch (IOException | RuntimeException e) {
                // Not the database: this segment stays on disk and is tried again next time; the
                // others need not wait for it.
                log.error("Could not replay spool segment {}; it is kept", segment.getFileName(), e);
            }
        }
    }
}
