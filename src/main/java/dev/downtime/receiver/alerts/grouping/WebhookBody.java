package dev.downtime.receiver.alerts.grouping;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A group's message as the generic webhook's JSON: data, not text, with every site the message
 * lists ({@code receiver.alerts.listed-sites} of each kind at most, where the text channels show
 * {@value MessageText#LISTED}) and the counts of all; URLs and names exactly as stored,
 * JSON-encoded. The wiring signs the serialized body as today (Standard Webhooks).
 */
public final class WebhookBody {

    private WebhookBody() {}

    /**
     * The JSON tree: {@code id}, {@code type} ({@code alert-group.opened}, {@code .updated}, {@code
     * .repeated}, {@code .resolved}), {@code sequence}, {@code at}, {@code firstAlertAt}, {@code
     * group} ({@code key}, {@code dimension}, {@code name}), {@code down}, {@code confirmed}, {@code
     * newlyDownCount}, {@code backCount}, {@code sitesDown}, {@code newlyDown} (URLs), {@code back},
     * {@code incidents}.
     */
    public static ObjectNode of(UUID id, GroupMessage message, @Nullable URI linkBase) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode body = json.objectNode();
        body.put("id", id.toString());
        body.put("type", "alert-group." + message.kind().name().toLowerCase(Locale.ROOT));
        body.put("sequence", message.sequence());
        body.put("at", message.at().toString());
        body.put("firstAlertAt", message.firstAlertAt().toString());
        ObjectNode group = body.putObject("group");
        group.put("key", message.group().value());
        group.put("dimension", message.group().dimension());
        group.put("name", message.group().name());
        body.put("down", message.down());
        body.put("confirmed", message.confirmed());
        body.put("newlyDownCount", message.newlyDownCount());
        body.put("backCount", message.backCount());
        ArrayNode down = body.putArray("sitesDown");
        for (GroupMessage.Site site : message.sitesDown()) {
            ObjectNode node = down.addObject();
            node.put("url", site.url());
            node.put("host", site.host());
            node.put("downSince", site.downSince().toString());
            node.put("confirmedAt", iso(site.confirmedAt()));
        }
        ArrayNode fresh = body.putArray("newlyDown");
        message.newlyDown().forEach(site -> fresh.add(site.url()));
        ArrayNode back = body.putArray("back");
        for (GroupMessage.Site site : message.back()) {
            ObjectNode node = back.addObject();
            node.put("url", site.url());
            node.put("host", site.host());
            node.put("downSince", site.downSince().toString());
            node.put("backAt", iso(site.backAt()));
        }
        body.put("incidents", MessageText.incidentsLink(message, linkBase));
        return body;
    }

    private static @Nullable String iso(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
