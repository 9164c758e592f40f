package dev.downtime.receiver.promises;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What Monitor was last told about a URL: that maintenance covers it until {@code promisedUntil}.
 *
 * @param url the normalized URL
 * @param promisedUntil the instant answered: Monitor may keep quiet about the site until then
 * @param toldAt when the webhook answered it
 * @param windowIds the maintenance windows behind the answer
 */
public record Promise(String url, Instant promisedUntil, Instant toldAt, List<UUID> windowIds) {}
