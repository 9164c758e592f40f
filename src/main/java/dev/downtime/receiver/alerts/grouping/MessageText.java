package dev.downtime.receiver.alerts.grouping;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The wording every channel shares: the headline, the lists of at most {@value #LISTED} sites,
 * the incidents link. Each channel passes its own escaping for what came from outside.
 */
final class MessageText {

    /**
     * Sites named in a list; the rest are counted ("and N more"). The webhook carries as many as the
     * message lists ({@code receiver.alerts.listed-sites}).
     */
    static final int LISTED = 20;

    /** A URL longer than this is cut in text (the webhook's data keeps it whole). */
    static final int URL_SHOWN = 300;

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private MessageText() {}

    /** One line: how many sites are down (and confirmed) or back, in which group, what changed. */
    static String headline(GroupMessage message, UnaryOperator<String> escape) {
        String group = escape.apply(message.group().describe());
        int down = message.down();
        String downAndConfirmed = sites(down) + " down, " + message.confirmed() + " confirmed by our own checks";
        return switch (message.kind()) {
            case OPENED -> downAndConfirmed + " — " + group;
            case UPDATED -> downAndConfirmed + " — " + group + " (" + changes(message) + ")";
            case REPEATED -> "Still " + downAndConfirmed + " — " + group;
            case RESOLVED -> "All back — " + group + " (" + sites(message.backCount()) + " back)";
        };
    }

    private static String changes(GroupMessage message) {
        int fresh = message.newlyDownCount();
        int back = message.backCount();
        if (fresh == 0 && back == 0) {
            return "more confirmed";
        }
        return fresh + " newly down, " + back + " back";
    }

    static String sites(int count) {
        return count == 1 ? "1 site" : count + " sites";
    }

    /** Lines for the sites down, new ones marked, then "and N more". */
    static List<String> downLines(GroupMessage message, UnaryOperator<String> escape) {
        Set<String> fresh =
                message.newlyDown().stream().map(GroupMessage.Site::url).collect(Collectors.toSet());
        List<String> lines = message.sitesDown().stream()
                .limit(LISTED)
                .map(site -> url(site, escape) + " down since " + time(site.downSince())
                        + (site.confirmed() ? ", confirmed" : "")
                        + (fresh.contains(site.url()) ? " (new)" : ""))
                .collect(Collectors.toList());
        more(lines, message.down());
        return lines;
    }

    /** Lines for the sites back, then "and N more". */
    static List<String> backLines(GroupMessage message, UnaryOperator<String> escape) {
        List<String> lines = message.back().stream()
                .limit(LISTED)
                .map(site -> url(site, escape) + " back since " + time(site.backAt()) + ", down since "
                        + time(site.downSince()))
                .collect(Collectors.toList());
        more(lines, message.backCount());
        return lines;
    }

    private static void more(List<String> lines, int total) {
        if (total > lines.size()) {
            lines.add("and " + (total - lines.size()) + " more");
        }
    }

    private static String url(GroupMessage.Site site, UnaryOperator<String> escape) {
        return escape.apply(PlainText.shorten(site.url(), URL_SHOWN));
    }

    static String time(@Nullable Instant instant) {
        return instant == null ? "-" : UTC.format(instant);
    }

    /**
     * The group's incidents in the admin API: the message's path under the configured base URL, or
     * the path alone when no base URL is configured.
     */
    static String incidentsLink(GroupMessage message, @Nullable URI base) {
        if (base == null) {
            return message.incidentsPath();
        }
        String prefix = base.toString();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + message.incidentsPath();
    }
}
