package dev.downtime.receiver.contract;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The check's results, for people (one line per notification) or for scripts ({@code --json}). */
final class CheckReport {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    // Path segments this long are likely secrets (our tokens are 22 characters or more).
    private static final Pattern LONG_SEGMENT = Pattern.compile("(?<=/)[^/]{16,}");

    private CheckReport() {}

    static String text(CheckOptions options, List<Verdict> verdicts) {
        StringBuilder report = new StringBuilder();
        report.append("Contract check of ").append(shown(options.endpoint())).append('\n');
        report.append(verdicts.size())
                .append(" Monitor-like notifications for ")
                .append(options.siteUrl())
                .append(" (host ")
                .append(options.host())
                .append("); each answer must be HTTP 200 with a body of exactly \"ok\" or a future ")
                .append(Contract.TIME_FORM)
                .append(" time, within ")
                .append(Durations.human(options.timeout()))
                .append(".\n\n");
        int nameWidth = verdicts.stream()
                .mapToInt(v -> v.variant().name().length())
                .max()
                .orElse(0);
        for (Verdict verdict : verdicts) {
            String line = String.format(
                    Locale.ROOT,
                    "%s  %-" + nameWidth + "s  %3s  %8s  %s",
                    verdict.passed() ? "PASS" : "FAIL",
                    verdict.variant().name(),
                    verdict.status() == null ? "---" : verdict.status(),
                    Durations.human(verdict.latency()),
                    verdict.body() == null ? "-" : Excerpt.of(verdict.body()));
            report.append(line);
            if (!verdict.passed()) {
                report.append("  ").append(String.join("; ", verdict.problems()));
            }
            report.append('\n');
        }
        List<String> failed = verdicts.stream()
                .filter(v -> !v.passed())
                .map(v -> v.variant().name())
                .toList();
        report.append('\n');
        if (failed.isEmpty()) {
            report.append("PASS: all ").append(verdicts.size()).append(" answers follow the contract.\n");
        } else {
            report.append("FAIL: ")
                    .append(failed.size())
                    .append(" of ")
                    .append(verdicts.size())
                    .append(" answers break the contract: ")
                    .append(String.join(", ", failed))
                    .append(".\n");
        }
        return report.toString();
    }

    static String json(CheckOptions options, List<Verdict> verdicts) {
        List<JsonAnswer> answers = verdicts.stream()
                .map(v -> new JsonAnswer(
                        v.variant().name(),
                        v.variant().description(),
                        v.variant().contentType(),
                        v.variant().body(),
                        v.status(),
                        v.body(),
                        v.latency().toMillis(),
                        v.passed(),
                        v.problems()))
                .toList();
        return JSON.writeValueAsString(new JsonReport(
                        shown(options.endpoint()),
                        options.siteUrl(),
                        options.host(),
                        options.timeout().toMillis(),
                        verdicts.stream().allMatch(Verdict::passed),
                        answers))
                + "\n";
    }

    /**
     * The endpoint without what may be a secret (a path token, a query, user info), so that the
     * report can go to CI logs: {@code https://receiver.example.net/webhooks/monitor/****}.
     */
    static String shown(URI endpoint) {
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        return endpoint.getScheme()
                + "://"
                + endpoint.getHost()
                + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
                + LONG_SEGMENT.matcher(path).replaceAll("****")
                + (endpoint.getRawQuery() == null ? "" : "?****");
    }

    record JsonReport(
            String endpoint, String site, String host, long timeoutMillis, boolean passed, List<JsonAnswer> answers) {}

    record JsonAnswer(
            String variant,
            String description,
            @Nullable String contentType,
            String request,
            @Nullable Integer status,
            @Nullable String body,
            long latencyMillis,
            boolean passed,
            List<String> problems) {}
}
