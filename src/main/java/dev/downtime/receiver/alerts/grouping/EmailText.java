package dev.downtime.receiver.alerts.grouping;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A group's message as plain-text mail (no HTML part, so nothing to inject markup into): what came
 * from outside {@linkplain PlainText#visible made visible}, so the subject stays one line (no
 * header can be added) and the body's lines are ours.
 */
public final class EmailText {

    private EmailText() {}

    public static String subject(GroupMessage message) {
        return "[downtime-receiver] " + MessageText.headline(message, PlainText::visible);
    }

    public static String body(GroupMessage message, @Nullable URI linkBase) {
        List<String> lines = new ArrayList<>();
        lines.add(MessageText.headline(message, PlainText::visible));
        if (!message.sitesDown().isEmpty()) {
            lines.add("");
            lines.add("Down:");
            MessageText.downLines(message, PlainText::visible).forEach(line -> lines.add("  " + line));
        }
        if (!message.back().isEmpty()) {
            lines.add("");
            lines.add("Back:");
            MessageText.backLines(message, PlainText::visible).forEach(line -> lines.add("  " + line));
        }
        lines.add("");
        lines.add("Incidents: " + PlainText.visible(MessageText.incidentsLink(message, linkBase)));
        lines.add("Group: " + PlainText.visible(message.group().value()) + ", message " + message.sequence()
                + ", first alert " + MessageText.time(message.firstAlertAt()) + ", sent "
                + MessageText.time(message.at()));
        return String.join("\n", lines) + "\n";
    }
}
