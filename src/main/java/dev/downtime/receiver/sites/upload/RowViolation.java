package dev.downtime.receiver.sites.upload;

import org.jspecify.annotations.Nullable;

/**
 * One broken rule in an upload, where the client can find it.
 *
 * @param line the physical line (from 1) where the item starts: a CSV record's first line, however
 *     many lines its quoted cells span, or the line of a JSON object's opening brace
 * @param item the item's position among the uploaded sites, from 0 (the JSON array's index, the
 *     CSV record after the header); null for a problem of the whole body or of the CSV header
 * @param field what is wrong: {@code url}, {@code host}, {@code labels.<key>}, {@code labels}, or
 *     {@code body}, {@code header} and {@code row} for the body's, header's or record's shape
 * @param message a reason completing the field's name, e.g. "must not be blank"
 */
public record RowViolation(long line, @Nullable Integer item, String field, String message) {}
