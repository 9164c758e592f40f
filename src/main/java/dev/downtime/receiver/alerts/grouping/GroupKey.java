package dev.downtime.receiver.alerts.grouping;

import java.util.Objects;

/**
 * The group an alert belongs to, as stored ({@link #value()}, e.g. {@code host=example}) and as
 * shown to people ({@link #describe()}, e.g. {@code host example}).
 *
 * @param dimension {@code host}, {@code label:<key>}, {@code domain} or {@code none}
 * @param name the site's host slug, label value or domain; empty for {@code none}, and when a site
 *     has no host slug or not the label
 */
public record GroupKey(String dimension, String name) {

    static final String NONE = "none";

    public GroupKey {
        Objects.requireNonNull(dimension);
        Objects.requireNonNull(name);
        if (dimension.indexOf('=') >= 0) {
            throw new IllegalArgumentException("a group dimension has no '=': " + dimension);
        }
    }

    /**
     * Reads a stored key back.
     *
     * @throws IllegalArgumentException if it is not a key this class wrote
     */
    public static GroupKey parse(String value) {
        if (value.equals(NONE)) {
            return new GroupKey(NONE, "");
        }
        int equals = value.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("not a group key: " + value);
        }
        return new GroupKey(value.substring(0, equals), value.substring(equals + 1));
    }

    /** The stored form: {@code none}, or the dimension, {@code =} and the name (which may hold anything). */
    public String value() {
        return dimension.equals(NONE) ? NONE : dimension + "=" + name;
    }

    /** For people; the name is data (a host slug or label value from elsewhere): renderers escape it. */
    public String describe() {
        if (dimension.equals(NONE)) {
            return "all sites";
        }
        String what = dimension.startsWith("label:") ? dimension.substring("label:".length()) : dimension;
        return name.isEmpty() ? "no " + what : what + " " + name;
    }

    /** The host slug the group stands for, when it is grouped by host and has one. */
    String hostSlug() {
        return dimension.equals("host") ? name : "";
    }

    @Override
    public String toString() {
        return value();
    }
}
