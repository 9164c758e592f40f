package dev.downtime.receiver.contract;

import java.time.Duration;
import java.util.Locale;

/** Durations as a person reads them in the report: {@code 12 ms}, {@code 5 s}, {@code 5001 ms}, {@code 12.3 s}, {@code 3 h}. */
final class Durations {

    private Durations() {}

    static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000 || (millis < 10_000 && millis % 1000 != 0)) {
            return millis + " ms"; // 5001 ms, not 5.0 s, when the limit is 5 s
        }
        if (millis < 120_000) {
            return millis % 1000 == 0
                    ? millis / 1000 + " s"
                    : String.format(Locale.ROOT, "%.1f s", Math.floor(millis / 100.0) / 10);
        }
        long minutes = duration.toMinutes();
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = duration.toHours();
        return hours < 48 ? hours + " h" : duration.toDays() + " days";
    }
}
