package dev.downtime.receiver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Each feature package is an application module: others use only the public types of its root
 * package, and no two modules depend on each other, directly or not. The module documentation in
 * {@code docs/modules} is written from the same model.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(DowntimeReceiverApplication.class);

    static final Path DOCS = Path.of("docs/modules");

    @Test
    void verifiesTheModuleStructure() {
        MODULES.verify();
    }

    /**
     * The diagrams leave out the shared modules (web, database, jobs, site, net): every feature
     * uses them, and their arrows would hide the ones that matter. What the Documenter wrote before
     * goes first; the other files of the folder (the plan, the overview) stay.
     */
    @Test
    void writesTheModuleDocumentation() throws IOException {
        try (Stream<Path> files = Files.list(DOCS)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("module-") || name.equals("components.puml") || name.equals("all-docs.adoc")) {
                    Files.delete(file);
                }
            }
        }
        new Documenter(
                        MODULES,
                        Documenter.Options.defaults()
                                .withOutputFolder(DOCS.toString())
                                .withoutClean())
                .writeDocumentation(
                        Documenter.DiagramOptions.defaults().withExclusions(MODULES.getSharedModules()::contains),
                        Documenter.CanvasOptions.defaults());
        sortRelations();
    }

    /**
     * The Documenter writes a diagram's relations in no fixed order: sorted, a diagram changes only
     * when the modules do, and the committed files stay as they are from one build to the next.
     */
    private static void sortRelations() throws IOException {
        try (Stream<Path> files = Files.list(DOCS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
                List<Integer> relations = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).startsWith("Rel(")) {
                        relations.add(i);
                    }
                }
                List<String> sorted =
                        relations.stream().map(lines::get).sorted().toList();
                for (int i = 0; i < relations.size(); i++) {
                    lines.set(relations.get(i), sorted.get(i));
                }
                Files.write(file, lines, StandardCharsets.UTF_8);
            }
        }
    }
}
