package dev.downtime.receiver.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What Monitor's spec asks of an answer: HTTP 200, a body of exactly {@code ok} (no quotes, no
 * period) or a full UTC ISO 8601 time such as {@code 2017-11-05T13:15:30Z} that is still to come,
 * and no longer in coming than the time limit. Judges one answer and names every rule it breaks.
 */
final class Contract {

    static final String OK = "ok";

    /** The form of the spec's own example, {@code 2017-11-05T13:15:30Z}: seconds, no fraction, {@code Z}. */
    static final String TIME_FORM = "yyyy-MM-ddTHH:mm:ssZ";

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

    /** What turns a right answer into a near miss: blanks, newlines, a BOM, quotes, a period. */
    private static final Pattern STRAY = Pattern.compile("^[\\s\\ufeff\"']+|[\\s\"'.]+$");

    // STRICT, so that 2026-02-30 or 25:00:00 are refused instead of quietly rolled over.
    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    private Contract() {}

    /**
     * The rules this answer breaks, none when it follows the contract.
     *
     * @param sentAt when the notification was sent: a time answered must be later
     */
    static List<String> problems(int status, String body, Duration latency, Duration limit, Instant sentAt) {
        List<String> problems = new ArrayList<>();
        if (status != 200) {
            problems.add("status " + status + ", expected 200");
        }
        // An error status comes with an error message: judging it as an answer would only add noise.
        if (status / 100 == 2) {
            String bodyProblem = bodyProblem(body, sentAt);
            if (bodyProblem != null) {
                problems.add(bodyProblem);
            }
        }
        if (latency.compareTo(limit) > 0) {
            problems.add("answered in " + Durations.human(latency) + ", over the " + Durations.human(limit) + " limit");
        }
        return List.copyOf(problems);
    }

    private static @Nullable String bodyProblem(String body, Instant sentAt) {
        if (body.equals(OK)) {
            return null;
        }
        if (TIME.matcher(body).matches()) {
            Instant until;
            try {
                until = UTC_SECONDS.parse(body, Instant::from);
            } catch (DateTimeParseException e) {
                return "body " + Excerpt.of(body) + " is in the form " + TIME_FORM + " but is no real date and time";
            }
            if (!until.isAfter(sentAt)) {
                return "time " + body + " is not in the future: it is "
                        + Durations.human(Duration.between(until, sentAt)) + " before the notification was sent";
            }
            return null;
        }
        String stripped = STRAY.matcher(body).replaceAll("");
        if (stripped.toLowerCase(Locale.ROOT).equals(OK)) {
            // The spec: "the string ok in the body (no quotes, no period)".
            return "body " + Excerpt.of(body)
                    + " is not exactly \"ok\" (lower case; no quotes, period, blanks, newline or BOM)";
        }
        if (TIME.matcher(stripped.toUpperCase(Locale.ROOT)).matches()) {
            return "body " + Excerpt.of(body) + " is not exactly a time in the form " + TIME_FORM
                    + " (upper-case T and Z; no blanks or newline)";
        }
        if (body.isEmpty()) {
            return "body is empty, expected \"ok\" or a time in the form " + TIME_FORM;
        }
        return "body " + Excerpt.of(body) + " is neither \"ok\" nor a time in the form " + TIME_FORM
                + " (such as 2017-11-05T13:15:30Z)";
    }
}
