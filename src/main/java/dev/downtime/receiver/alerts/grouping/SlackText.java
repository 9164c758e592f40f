package dev.downtime.receiver.alerts.grouping;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A group's message as a Slack incoming webhook takes it, {@code {"text": ...}} in mrkdwn:
 * everything that came from outside {@linkplain PlainText#slack escaped}, our own markup (bold
 * counts, bullets, the incidents link) around it.
 */
public final class SlackText {

    private SlackText() {}

    /** The JSON body to post. */
    public static Map<String, String> body(GroupMessage message, @Nullable URI linkBase) {
        return Map.of("text", text(message, linkBase));
    }

    static String text(GroupMessage message, @Nullable URI linkBase) {
        List<String> lines = new ArrayList<>();
        lines.add(emoji(message.kind()) + " *" + MessageText.headline(message, PlainText::slack) + "*");
        if (!message.sitesDown().isEmpty()) {
            lines.add("Down:");
            MessageText.downLines(message, PlainText::slack).forEach(line -> lines.add("• " + line));
        }
        if (!message.back().isEmpty()) {
            lines.add("Back:");
            MessageText.backLines(message, PlainText::slack).forEach(line -> lines.add("• " + line));
        }
        String link = MessageText.incidentsLink(message, linkBase);
        // Our own link, built from configuration and URL-encoded values; still escaped, as Slack
        // reads &amp; inside <...> back as &.
        lines.add(
                linkBase == null ? "Incidents: " + PlainText.slack(link) : "<" + PlainText.slack(link) + "|Incidents>");
        return String.join("\n", lines);
    }

    private static String emoji(GroupMessage.Kind kind) {
        return switch (kind) {
            case OPENED -> ":rotating_light:";
            case UPDATED -> ":warning:";
            case REPEATED -> ":repeat:";
            case RESOLVED -> ":white_check_mark:";
        };
    }
}
