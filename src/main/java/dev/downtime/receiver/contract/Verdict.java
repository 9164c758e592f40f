package dev.downtime.receiver.contract;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one notification was answered and the rules the answer breaks; {@code status} and {@code
 * body} are null when no answer came (the problem says why).
 */
record Verdict(
        Variant variant, @Nullable Integer status, @Nullable String body, Duration latency, List<String> problems) {

    boolean passed() {
        return problems.isEmpty();
    }
}
