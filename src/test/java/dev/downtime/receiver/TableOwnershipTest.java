package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table has one owning module, and only that module writes or reads it (docs/modules/README.md):
 * no SQL statement in another module's sources names it, and no entity of another module maps it.
 * Spring Modulith's verification sees Java dependencies only; a statement naming another module's
 * table slips past it.
 */
class TableOwnershipTest {

    static final Path MAIN_SOURCES = Path.of("src/main/java/dev/downtime/receiver");
    static final String ROOT_PACKAGE = "dev.downtime.receiver";
    static final String ROOT_MODULE = "(root)";
    static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Table → the module (package under dev.downtime.receiver) that alone writes it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("maintenance_window", "maintenance"),
            // Written by a trigger on maintenance_window (V4).
            Map.entry("maintenance_schedule_version", "maintenance"),
            // A recurring window's exceptions (V35), written through the window's entity.
            Map.entry("maintenance_window_skip", "maintenance"),
            Map.entry("maintenance_window_early_end", "maintenance"),
            Map.entry("promise", "promises"),
            Map.entry("notification", "notifications"),
            // Filled once by V23; since then only emptied, by the hand-over to incidents.
            Map.entry("notification_unfolded", "notifications"),
            Map.entry("notification_quarantine", "notifications"),
            Map.entry("incident", "incidents"),
            Map.entry("incident_fold", "incidents"),
            Map.entry("incident_url", "incidents"),
            Map.entry("verification", "verification"),
            Map.entry("verification_due", "verification"),
            Map.entry("alert", "alerts"),
            Map.entry("alert_group", "alerts"),
            Map.entry("alert_group_site", "alerts"),
            Map.entry("admin_token", "tokens"),
            Map.entry("audit_event", "audit"),
            Map.entry("site", "sites"),
            Map.entry("site_inventory_version", "sites"),
            // Spring Modulith's event publication registry: written through its API only.
            Map.entry("event_publication", "(Spring Modulith)"));

    static final Pattern CREATE_TABLE = Pattern.compile("(?i)CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)");
    static final Pattern DROP_TABLE = Pattern.compile("(?i)DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(\\w+)");
    static final Pattern VERSION = Pattern.compile("V(\\d+)__");
    /** A statement that writes or reads a table ({@code FROM} covers {@code DELETE FROM} too). */
    static final Pattern STATEMENT = Pattern.compile(
            "\\b(?:INSERT\\s+INTO|UPDATE|FROM|JOIN|USING|TRUNCATE(?:\\s+TABLE)?|MERGE\\s+INTO)\\s+(\\w+)");

    @Test
    void everyTableHasAnOwningModule() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            // In version order: a table a later migration drops has no owner to name.
            for (Path file : files.filter(f -> f.toString().endsWith(".sql"))
                    .sorted(java.util.Comparator.comparingInt(TableOwnershipTest::version))
                    .toList()) {
                String sql = Files.readString(file, StandardCharsets.UTF_8);
                Matcher created = CREATE_TABLE.matcher(sql);
                while (created.find()) {
                    tables.add(created.group(1).toLowerCase());
                }
                Matcher dropped = DROP_TABLE.matcher(sql);
                while (dropped.find()) {
                    tables.remove(dropped.group(1).toLowerCase());
                }
            }
        }
        assertThat(tables)
                .as("tables created by migrations without an owner: add them to TableOwnershipTest.OWNERS")
                .isSubsetOf(OWNERS.keySet());
    }

    static int version(Path migration) {
        Matcher version = VERSION.matcher(migration.getFileName().toString());
        return version.find() ? Integer.parseInt(version.group(1)) : Integer.MAX_VALUE;
    }

    @Test
    void onlyTheOwningModuleWritesOrReadsATableInSql() throws IOException {
        List<String> trespasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String module = moduleOf(MAIN_SOURCES.relativize(file));
                Matcher statement = STATEMENT.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (statement.find()) {
                    String owner = OWNERS.get(statement.group(1).toLowerCase());
                    if (owner != null && !owner.equals(module)) {
                        trespasses.add(
                                MAIN_SOURCES.relativize(file) + ": " + statement.group() + " (owned by " + owner + ")");
                    }
                }
            }
        }
        assertThat(trespasses)
                .as("statements on another module's table: call its owner's API or react to its events")
                .isEmpty();
    }

    @Test
    void entitiesMapOnlyTheirOwnModulesTables() {
        List<String> trespasses = new ArrayList<>();
        List<JavaClass> entities = ArchitectureTest.CLASSES.stream()
                .filter(type -> type.isAnnotatedWith(Entity.class))
                .toList();
        assertThat(entities).as("entities found").isNotEmpty();
        for (JavaClass entity : entities) {
            String table = entity.isAnnotatedWith(Table.class)
                    ? entity.getAnnotationOfType(Table.class).name()
                    : entity.getSimpleName();
            String owner = OWNERS.get(table.toLowerCase());
            if (!moduleOf(entity.getPackageName()).equals(owner)) {
                trespasses.add(entity.getName() + " maps " + table + " (owned by " + owner + ")");
            }
        }
        assertThat(trespasses).isEmpty();
    }

    /** The module of a source file, given by its path under {@link #MAIN_SOURCES}. */
    static String moduleOf(Path source) {
        return source.getNameCount() == 1 ? ROOT_MODULE : source.getName(0).toString();
    }

    /** The module of a package: its first segment under dev.downtime.receiver. */
    static String moduleOf(String packageName) {
        String inside = packageName.substring(ROOT_PACKAGE.length());
        return inside.isEmpty() ? ROOT_MODULE : inside.substring(1).split("\\.")[0];
    }
}
