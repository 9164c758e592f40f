package dev.downtime.receiver.maintenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The windows last loaded from PostgreSQL, on local disk, so that a service starting while
 * PostgreSQL is down still answers with the maintenance it knew of. Replaced atomically.
 */
@Component
class WindowSnapshot {

    private static final Logger log = LoggerFactory.getLogger(WindowSnapshot.class);

    private final Path file;
    private final JsonMapper json;

    WindowSnapshot(SnapshotProperties properties, JsonMapper json) {
        this.file = properties.directory().toAbsolutePath().resolve("maintenance-windows.json");
        this.json = json;
    }

    void save(List<ScheduledWindow> windows, Instant loadedAt) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "maintenance-windows", ".tmp");
            try {
                json.writeValue(temporary.toFile(), new Contents(loadedAt, windows));
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | JacksonException e) {
            // The service works without it; only a start while PostgreSQL is down needs it.
            log.warn("Could not save the window snapshot to {}: {}", file, e.toString());
        }
    }

    Optional<Contents> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), Contents.class));
        } catch (JacksonException e) {
            log.warn("Ignoring an unreadable window snapshot {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** @param loadedAt when these windows were read from PostgreSQL */
    record Contents(Instant loadedAt, List<ScheduledWindow> windows) {}
}
