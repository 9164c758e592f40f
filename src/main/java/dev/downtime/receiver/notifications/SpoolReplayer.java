package dev.downtime.receiver.notifications;

import dev.downtime.receiver.database.DatabaseAvailability;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Moves spooled notifications into PostgreSQL while it is available, one segment at a time, and
 * deletes a segment only once all of it is committed. A replay cut short is simply repeated: rows
 * already stored are skipped by id, so each notification ends up stored exactly once.
 */
@Component
class SpoolReplayer implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);

    private final NotificationSpool spool;
    private final NotificationInserter inserter;
    private final DatabaseAvailability database;
    private final SpoolProperties spoolProperties;
    private final NotificationsProperties properties;

    SpoolReplayer(
            NotificationSpool spool,
            NotificationInserter inserter,
            DatabaseAvailability database,
            SpoolProperties spoolProperties,
            NotificationsProperties properties) {
        this.spool = spool;
        this.inserter = inserter;
        this.database = database;
        this.spoolProperties = spoolProperties;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::replay, spoolProperties.replayInterval());
    }

    synchronized void replay() {
        if (!database.available() || spool.depth() == 0) {
            return;
        }
        for (Path segment : spool.closeAndListSegments()) {
            try {
                int[] replayed = {0};
                spool.read(segment, properties.batchSize(), chunk -> {
                    inserter.insert(chunk);
                    replayed[0] += chunk.size();
                });
                spool.remove(segment);
                log.info("Replayed spool segment {}: {} notifications", segment.getFileName(), replayed[0]);
            } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
                database.markUnavailable("spool replay failed: " + e);
                return;
            } catch (IOException | RuntimeException e) {
                // Not the database being away: it stays on disk, and is tried again next time.
                log.error("Could not replay spool segment {}; it is kept", segment.getFileName(), e);
                return;
            }
        }
    }
}
