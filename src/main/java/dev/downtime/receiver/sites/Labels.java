package dev.downtime.receiver.sites;

import dev.downtime.receiver.web.FieldViolation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A site's labels: key=value pairs such as {@code server=web-42} that selectors match on. Keys are
 * lower-case names in the style of Prometheus and Kubernetes label names, values short printable
 * text. Immutable, ordered by key; equal labels are equal whatever order they were given in.
 *
 * <p>As in Prometheus, a missing label and an empty value are the same thing: {@link #get} answers
 * the empty string for a key the site does not have, and an empty value is never stored.
 */
public final class Labels {

    /** The most labels one site may carry. */
    public static final int MAX_LABELS = 32;

    /** The longest key, in characters (all ASCII): a DNS label's length, as in Kubernetes. */
    public static final int MAX_KEY_LENGTH = 63;

    /** The longest value, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 255;

    /**
     * Keys that cannot be labels: they name the site's own fields, which an upload in CSV puts in
     * columns of the same header as the labels.
     */
    public static final Set<String> RESERVED_KEYS = Set.of("url", "host");

    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    static final String KEY_RULE = "must start with a lower-case letter a-z and go on with at most "
            + (MAX_KEY_LENGTH - 1)
            + " of a-z, 0-9, '_', '.' and '-'";

    private static final String FIELD = "labels";

    /** Sorted by key; the values at the same positions. Small: a binary search beats hashing. */
    private final String[] keys;

    private final String[] values;

    private Labels(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * Validates and copies labels.
     *
     * @throws InvalidLabelsException listing every broken rule, each naming its field as {@code
     *     labels.<key>} (or {@code labels} for the number of labels)
     */
    public static Labels of(Map<String, String> labels) {
        List<FieldViolation> violations = new ArrayList<>();
        if (labels.size() > MAX_LABELS) {
            violations.add(new FieldViolation(FIELD, "must hold at most " + MAX_LABELS + " labels"));
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.forEach((key, value) -> {
            String keyProblem = keyViolation(key);
            if (keyProblem != null) {
                violations.add(new FieldViolation(field(key), keyProblem));
                return;
            }
            String valueProblem = valueViolation(value);
            if (valueProblem != null) {
                violations.add(new FieldViolation(field(key), valueProblem));
                return;
            }
            sorted.put(key, value);
        });
        if (!violations.isEmpty()) {
            throw new InvalidLabelsException(violations);
        }
        if (sorted.isEmpty()) {
            return EMPTY;
        }
        return new Labels(
                sorted.keySet().toArray(String[]::new), sorted.values().toArray(String[]::new));
    }

    /**
     * Why a text cannot be a label key, completing "labels.&lt;key&gt; ..." (or "the key ..."); null
     * when it can.
     */
    public static @Nullable String keyViolation(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return "is not a valid label key: it " + KEY_RULE;
        }
        char first = key.charAt(0);
        if (first < 'a' || first > 'z') {
            return "is not a valid label key: it " + KEY_RULE;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            if (!allowed) {
                return "is not a valid label key: it " + KEY_RULE;
            }
        }
        if (RESERVED_KEYS.contains(key)) {
            return "is reserved for the site's own field of that name and cannot be a label key";
        }
        return null;
    }

    /** Why a text cannot be a label value, completing "labels.&lt;key&gt; ..."; null when it can. */
    public static @Nullable String valueViolation(String value) {
        if (value.isEmpty()) {
            return "must not be empty: leave the label out instead";
        }
        int bytes = Texts.utf8Length(value);
        if (bytes < 0) {
            return "must be valid Unicode (no unpaired surrogate)";
        }
        if (bytes > MAX_VALUE_BYTES) {
            return "must be at most " + MAX_VALUE_BYTES + " bytes in UTF-8";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return "must not contain control characters";
            }
        }
        if (isBlank(value.codePointAt(0)) || isBlank(value.codePointBefore(value.length()))) {
            // " web-42" and "web-42" would look alike in every listing and never match each other.
            return "must not start or end with a blank";
        }
        return null;
    }

    private static boolean isBlank(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * The field a violation about this label names, {@code labels.<key>}, or just {@code labels}
     * where the key is too long or not printable to be shown in a field name.
     */
    public static String field(String key) {
        boolean printable = !key.isEmpty()
                && key.length() <= MAX_KEY_LENGTH + 1
                && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        return printable ? FIELD + "." + key : FIELD;
    }

    /** The label's value, or the empty string when the site has no such label (as in Prometheus). */
    public String get(String key) {
        int at = Arrays.binarySearch(keys, key);
        return at < 0 ? "" : values[at];
    }

    public boolean has(String key) {
        return Arrays.binarySearch(keys, key) >= 0;
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** The labels in key order, as an unmodifiable map. */
    public Map<String, String> asMap() {
        Map<String, String> map = LinkedHashMap.newLinkedHashMap(keys.length);
        forEach(map::put);
        return Collections.unmodifiableMap(map);
    }

    /** Each label in key order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Labels that && Arrays.equals(keys, that.keys) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
    }

    /** In Prometheus's notation: {@code {cluster="eu-1", server="web-42"}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(keys[i]).append('=').append(Texts.quote(values[i], MAX_VALUE_BYTES));
        }
        return text.append('}').toString();
    }
}
