package dev.downtime.receiver.alerts.grouping;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A group's message as a PagerDuty Events API v2 alert event: {@code trigger} while sites are
 * down (PagerDuty keeps one alert per {@code dedup_key} open, and a later trigger updates it),
 * {@code resolve} when all are back. The group is the {@code dedup_key}, so one group is one
 * PagerDuty alert, and its next episode (after the resolve) a new one.
 */
public final class PagerDutyEvent {

    /** PagerDuty's limits on {@code payload.summary} and {@code dedup_key}. */
    static final int SUMMARY_MAX = 1024;

    static final int DEDUP_KEY_MAX = 255;

    private PagerDutyEvent() {}

    /** The event, as the JSON tree to post. */
    public static ObjectNode of(GroupMessage message, String routingKey, @Nullable URI linkBase) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("routing_key", routingKey);
        event.put("dedup_key", dedupKey(message.group()));
        if (message.kind() == GroupMessage.Kind.RESOLVED) {
            event.put("event_action", "resolve");
            return event;
        }
        event.put("event_action", "trigger");
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", PlainText.shorten(MessageText.headline(message, PlainText::visible), SUMMARY_MAX));
        payload.put(
                "source", PlainText.shorten(PlainText.visible(message.group().describe()), SUMMARY_MAX));
        payload.put("severity", severity(message.down(), message.confirmed()));
        payload.put("timestamp", message.at().toString());
        payload.put("group", PlainText.shorten(message.group().value(), SUMMARY_MAX));
        payload.put("class", "site down");
        String incidents = MessageText.incidentsLink(message, linkBase);
        ObjectNode details = payload.putObject("custom_details");
        details.put("group", message.group().value());
        details.put("down", message.down());
        details.put("confirmed", message.confirmed());
        details.put("newly_down", message.newlyDownCount());
        details.put("back", message.backCount());
        details.put("first_alert_at", message.firstAlertAt().toString());
        int downListed = listed(details.putArray("sites_down"), message.sitesDown());
        details.put("sites_down_not_listed", message.down() - downListed);
        int backListed = listed(details.putArray("sites_back"), message.back());
        details.put("sites_back_not_listed", message.backCount() - backListed);
        details.put("incidents", incidents);
        if (linkBase != null) {
            event.putArray("links").addObject().put("href", incidents).put("text", "Incidents in downtime-receiver");
            event.put("client_url", linkBase.toString());
        }
        event.put("client", "downtime-receiver");
        return event;
    }

    /**
     * How bad PagerDuty should think it: {@code critical} when our own checks confirmed at least
     * half the sites down, {@code error} when they confirmed some, {@code warning} when only
     * Monitor says so (its probes may be the ones in trouble).
     */
    public static String severity(int down, int confirmed) {
        if (down > 0 && confirmed * 2 >= down) {
            return "critical";
        }
        return confirmed > 0 ? "error" : "warning";
    }

    /**
     * {@code downtime-receiver/} and the group key; a key too long for PagerDuty's 255 characters
     * is replaced by its SHA-256, which stays as stable.
     */
    public static String dedupKey(GroupKey group) {
        String key = "downtime-receiver/" + group.value();
        if (key.length() <= DEDUP_KEY_MAX) {
            return key;
        }
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(group.value().getBytes(StandardCharsets.UTF_8));
            return "downtime-receiver/sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Lists the first sites, and says how many. */
    private static int listed(ArrayNode array, List<GroupMessage.Site> sites) {
        sites.stream()
                .limit(MessageText.LISTED)
                .forEach(site -> array.add(PlainText.shorten(site.url(), MessageText.URL_SHOWN)));
        return array.size();
    }
}
