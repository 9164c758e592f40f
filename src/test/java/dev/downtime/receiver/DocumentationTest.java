package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Keeps the README and docs/ honest mechanically: the README stays short, every relative link
 * leads somewhere, and the configuration reference lists every property the service binds, with
 * its default, and none that it does not.
 */
class DocumentationTest {

    static final Path README = Path.of("README.md");
    static final Path DOCS = Path.of("docs");
    static final Path CONFIGURATION = DOCS.resolve("configuration.md");
    static final int README_MAX_LINES = 250;

    static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
    static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    static final Pattern PROPERTY_NAME = Pattern.compile("receiver(?:\\.[a-z0-9-]+)+");
    static final Pattern MENTIONED_PROPERTY = Pattern.compile("`(receiver(?:\\.[a-z0-9-]+)+)(\\.\\*)?(?:=[^`]*)?`");

    @Test
    void readmeStaysShortEnoughForANewcomer() throws IOException {
        assertThat(Files.readAllLines(README, StandardCharsets.UTF_8).size())
                .as("lines of README.md: move detail to docs/")
                .isLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void readmeTellsANewcomerWhatToInstallAndTheFirstStepsToTake() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(readme)
                .as("README.md: what to install, run, test, Docker, the first webhook and the first window")
                .contains("Maven 3.9 or later must be installed")
                .contains("mvn spring-boot:test-run")
                .contains("mvn verify")
                .contains("docker compose up")
                .contains("/webhooks/monitor")
                .contains("/api/v1/maintenance-windows");
    }

    @Test
    void readmeLinksEveryTopicInDocs() throws IOException {
        Set<Path> linked = new LinkedHashSet<>();
        for (String target : links(Files.readString(README, StandardCharsets.UTF_8))) {
            if (isRelative(target)) {
                linked.add(Path.of(target.replaceFirst("#.*", "")).normalize());
            }
        }
        assertThat(markdownFiles().stream().filter(file -> file.startsWith(DOCS)))
                .as("docs/*.md linked from README.md")
                .isNotEmpty()
                .allMatch(linked::contains, "linked from README.md");
    }

    @Test
    void everyRelativeLinkLeadsToAnExistingFileAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            for (String target : links(Files.readString(file, StandardCharsets.UTF_8))) {
                if (!isRelative(target)) {
                    continue;
                }
                int hash = target.indexOf('#');
                String pathPart = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = pathPart.isEmpty()
                        ? file
                        : file.toAbsolutePath().getParent().resolve(pathPart).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(file + ": " + target + " (no such file)");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(file + ": " + target + " (no such heading; there are " + anchors(resolved) + ")");
                }
            }
        }
        assertThat(broken).as("broken relative links").isEmpty();
    }

    @Test
    void configurationReferenceListsEveryBoundPropertyWithItsEnvironmentVariableAndDefault() throws IOException {
        Map<String, String[]> documented = documentedReceiverProperties();
        List<String> problems = new ArrayList<>();
        boundReceiverProperties().forEach((property, defaultValue) -> {
            String[] row = documented.get(property);
            if (row == null) {
                problems.add(property + " is bound but not in " + CONFIGURATION);
                return;
            }
            String environmentVariable =
                    property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (!row[1].contains("`" + environmentVariable + "`")) {
                problems.add(property + ": environment variable should be `" + environmentVariable + "`, is " + row[1]);
            }
            if (defaultValue != null && !row[2].contains("`" + defaultValue + "`")) {
                problems.add(property + ": default should show `" + defaultValue + "`, is " + row[2]);
            }
        });
        assertThat(problems)
                .as("configuration reference against the @ConfigurationProperties records")
                .isEmpty();
    }

    @Test
    void docsNameOnlyPropertiesTheServiceBinds() throws IOException {
        Set<String> bound = boundReceiverProperties().keySet();
        List<String> unknown = new ArrayList<>();
        for (String property : documentedReceiverProperties().keySet()) {
            if (!bound.contains(property)) {
                unknown.add(CONFIGURATION + " documents " + property + ", which nothing binds");
            }
        }
        for (Path file : markdownFiles()) {
            Matcher mentioned = MENTIONED_PROPERTY.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (mentioned.find()) {
                String name = mentioned.group(1);
                boolean known = mentioned.group(2) == null
                        ? bound.contains(name)
                        : bound.stream().anyMatch(property -> property.startsWith(name + "."));
                if (!known) {
                    unknown.add(file + " mentions " + mentioned.group() + ", which nothing binds");
                }
            }
        }
        assertThat(unknown)
                .as("receiver.* names in the docs that are not properties")
                .isEmpty();
    }

    /** README.md and docs/*.md (not sub-directories of docs/, which hold generated files). */
    static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(README);
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    static boolean isRelative(String target) {
        return !target.matches("(?i)[a-z][a-z0-9+.-]*:.*") && !target.startsWith("//");
    }

    /** Link targets outside code blocks and code spans. */
    static List<String> links(String markdown) {
        String prose = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
        List<String> targets = new ArrayList<>();
        Matcher link = LINK.matcher(prose);
        while (link.find()) {
            targets.add(link.group(1));
        }
        return targets;
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    static Set<String> anchors(Path file) {
        if (!file.toString().endsWith(".md")) {
            return Set.of();
        }
        String markdown;
        try {
            markdown = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : FENCE.matcher(markdown).replaceAll("").split("\n")) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's rule: link text only, lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{Mn} _-]", "")
                .replace(' ', '-');
    }

    /**
     * Rows of the configuration reference that name {@code receiver.*} properties in their first
     * column, by property: the row's cells.
     */
    static Map<String, String[]> documentedReceiverProperties() throws IOException {
        Map<String, String[]> rows = new TreeMap<>();
        for (String line : Files.readAllLines(CONFIGURATION, StandardCharsets.UTF_8)) {
            if (!line.startsWith("| `receiver.")) {
                continue;
            }
            String[] cells = Arrays.stream(line.substring(1).split(" \\| "))
                    .map(String::strip)
                    .toArray(String[]::new);
            assertThat(cells).as("cells of %s", line).hasSizeGreaterThanOrEqualTo(4);
            Matcher name = PROPERTY_NAME.matcher(cells[0]);
            while (name.find()) {
                assertThat(rows.put(name.group(), cells))
                        .as("%s documented once", name.group())
                        .isNull();
            }
        }
        return rows;
    }

    /**
     * Every {@code receiver.*} property bound by a {@code @ConfigurationProperties} record of the
     * service, nested records walked, with its {@code @DefaultValue} joined by commas (null when
     * it has none, or is empty).
     */
    static Map<String, @Nullable String> boundReceiverProperties() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, @Nullable String> properties = new TreeMap<>();
        for (BeanDefinition definition :
                scanner.findCandidateComponents(DowntimeReceiverApplication.class.getPackageName())) {
            Class<?> type = load(definition.getBeanClassName());
            if (!type.getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .equals(DowntimeReceiverApplication.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation())) {
                continue; // test sources
            }
            ConfigurationProperties annotation =
                    AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class);
            assertThat(annotation).isNotNull();
            assertThat(type.isRecord())
                    .as("%s is a record (this test reads record components)", type.getName())
                    .isTrue();
            assertThat(annotation.prefix()).as("prefix of %s", type.getName()).startsWith("receiver.");
            walk(annotation.prefix(), type, properties);
        }
        assertThat(properties).as("properties found on the classpath").isNotEmpty();
        return properties;
    }

    private static void walk(String prefix, Class<?> record, Map<String, @Nullable String> properties) {
        RecordComponent[] components = record.getRecordComponents();
        Constructor<?> canonical;
        try {
            canonical = record.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String name = prefix + "." + kebab(component.getName());
            DefaultValue defaultValue = canonical.getParameters()[i].getAnnotation(DefaultValue.class);
            if (defaultValue == null) {
                defaultValue = component.getAnnotation(DefaultValue.class);
            }
            Class<?> type = component.getType();
            if (type.isRecord()
                    && type.getPackageName().startsWith(DowntimeReceiverApplication.class.getPackageName())) {
                walk(name, type, properties);
            } else {
                properties.put(
                        name,
                        defaultValue == null || defaultValue.value().length == 0
                                ? null
                                : String.join(",", defaultValue.value()));
            }
        }
    }

    static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Class<?> load(@Nullable String name) {
        try {
            return Class.forName(Objects.requireNonNull(name), false, DocumentationTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
