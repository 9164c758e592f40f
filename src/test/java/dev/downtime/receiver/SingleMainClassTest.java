package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code mvn spring-boot:test-run} needs a single main class among the tests, or it starts nothing. */
class SingleMainClassTest {

    private static final Pattern MAIN = Pattern.compile("static\\s+void\\s+main\\s*\\(");

    @Test
    void findsOneMainClassAmongTheTests() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/test/java"))) {
            assertThat(sources.filter(path -> path.toString().endsWith(".java"))
                            .filter(SingleMainClassTest::hasMain)
                            .map(path -> path.getFileName().toString()))
                    .containsExactly("TestDowntimeReceiverApplication.java");
        }
    }

    private static boolean hasMain(Path source) {
        try {
            return MAIN.matcher(Files.readString(source)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
