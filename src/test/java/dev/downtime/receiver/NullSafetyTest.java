package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Null-safety is enforced by the build: every package is {@code @NullMarked}, and javac run with
 * the arguments of pom.xml's main compilation (and the JVM flags of .mvn/jvm.config) refuses code
 * that dereferences a {@code @Nullable} value. Removing NullAway, Error Prone or those flags from
 * the build fails this test.
 */
class NullSafetyTest {

    static final Path POM = Path.of("pom.xml");
    static final Path JVM_CONFIG = Path.of(".mvn", "jvm.config");

    @Test
    void everyPackageOfTheServiceIsNullMarked() {
        List<String> unmarked = ArchitectureTest.CLASSES.stream()
                .map(JavaClass::getPackage)
                .distinct()
                .filter(javaPackage -> !javaPackage.isAnnotatedWith(NullMarked.class))
                .map(JavaPackage::getName)
                .sorted()
                .toList();
        assertThat(unmarked)
                .as("packages without @NullMarked in package-info.java")
                .isEmpty();
    }

    @Test
    void theBuildRefusesToDereferenceANullableValue(@TempDir Path work) throws Exception {
        Compilation compilation = compile(work, """
                static int length() {
                    return maybe().length();
                }
                """);
        assertThat(compilation.exitCode()).as(compilation.output()).isNotZero();
        assertThat(compilation.output()).contains("[NullAway] dereferenced expression 'maybe()' is @Nullable");
    }

    @Test
    void theBuildAcceptsTheSameValueOnceCheckedForNull(@TempDir Path work) throws Exception {
        Compilation compilation = compile(work, """
                static int length() {
                    String value = maybe();
                    return value == null ? 0 : value.length();
                }
                """);
        assertThat(compilation.exitCode()).as(compilation.output()).isZero();
    }

    private record Compilation(int exitCode, String output) {}

    /** Compiles a class of a @NullMarked package, with a method that may return null, plus {@code body}. */
    private static Compilation compile(Path work, String body) throws Exception {
        Path sources = Files.createDirectories(work.resolve("src/fixture"));
        Files.writeString(sources.resolve("package-info.java"), """
                @org.jspecify.annotations.NullMarked
                package fixture;
                """);
        Path fixture = sources.resolve("Fixture.java");
        Files.writeString(fixture, """
                package fixture;

                import org.jspecify.annotations.Nullable;

                class Fixture {
                    static @Nullable String maybe() {
                        return System.getenv("NOT_SET_ANYWHERE") == null ? null : "set";
                    }

                %s}
                """.formatted(body.indent(4)));
        // The test classpath holds the same Error Prone and NullAway as the build's processor path.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
        jvmFlags().forEach(flag -> command.add("-J" + flag));
        command.addAll(
                List.of("-d", Files.createDirectories(work.resolve("classes")).toString()));
        // Error Prone is a javac plugin, not an annotation processor: it runs under -proc:none,
        // which keeps the test classpath's processors (Spring Modulith's, JMH's) out of the fixture.
        command.addAll(List.of("-classpath", classpath, "-processorpath", classpath, "-proc:none"));
        command.addAll(mainCompilerArgs());
        command.add(sources.resolve("package-info.java").toString());
        command.add(fixture.toString());
        Path log = work.resolve("javac.log");
        Process javac = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!javac.waitFor(5, TimeUnit.MINUTES)) {
            javac.destroyForcibly();
            throw new AssertionError("javac did not finish");
        }
        return new Compilation(javac.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The compiler arguments of the main compilation, as pom.xml gives them. */
    static List<String> mainCompilerArgs() throws Exception {
        Document pom =
                DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(POM.toFile());
        NodeList args = (NodeList) XPathFactory.newDefaultInstance()
                .newXPath()
                .evaluate(
                        "/project/build/plugins/plugin[artifactId='maven-compiler-plugin']"
                                + "/executions/execution[id='default-compile']/configuration/compilerArgs/arg",
                        pom,
                        XPathConstants.NODESET);
        List<String> result = new ArrayList<>();
        for (int i = 0; i < args.getLength(); i++) {
            result.add(args.item(i).getTextContent().strip());
        }
        assertThat(result)
                .as("compiler arguments of the default-compile execution")
                .isNotEmpty();
        return result;
    }

    /** Error Prone runs inside javac and needs its internals opened, as Maven's JVM has them. */
    static List<String> jvmFlags() throws IOException {
        return Files.readAllLines(JVM_CONFIG, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }
}
