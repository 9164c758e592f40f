package dev.downtime.receiver.sites;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One condition of a {@link Selector} on one label, as in Prometheus and Alertmanager: {@code
 * server=web-42}, {@code plan!=vip}, {@code server=~web-4[0-9]}, {@code cluster!~eu-.*}. A site
 * without the label is compared as if its value were the empty string, so {@code plan!=vip}
 * matches a site without {@code plan}. Regexes use RE2 syntax, are fully anchored ({@code
 * ^(?:re)$}) and are matched in linear time by RE2/J, compiled once here. The flag {@code i} is
 * refused: RE2/J 1.8 loops forever compiling some case-insensitive regexes on current JDKs.
 */
public final class LabelMatcher {

    /** The longest regex, in characters (code points). */
    public static final int MAX_REGEX_LENGTH = 256;

    /**
     * The most instructions a regex may compile to in RE2/J ({@code .{0,255}} takes 514, {@code
     * web-4[0-9]} 10). RE2 matches in time linear in the input but also in this size, which
     * counted repetitions multiply: {@code (.{1000}){1000}} is short text but a huge program.
     */
    public static final int MAX_REGEX_PROGRAM = 1000;

    /**
     * The flag i in any group, such as {@code (?i)} or {@code (?s-i:...)}, read from the plain text
     * (even inside a character class) so that no parse can disagree with RE2/J's about it.
     */
    private static final java.util.regex.Pattern CASE_INSENSITIVE = java.util.regex.Pattern.compile("\\(\\?[imsU-]*i");

    private final String name;
    private final MatchType type;
    private final String value;
    private final @Nullable Pattern regex;
    private final boolean matchesEmpty;

    private LabelMatcher(String name, MatchType type, String value, @Nullable Pattern regex) {
        this.name = name;
        this.type = type;
        this.value = value;
        this.regex = regex;
        this.matchesEmpty = matches("");
    }

    /**
     * A matcher after checking it: the name must be a valid label key, a value compared with
     * {@code =} or {@code !=} must be empty or a valid label value, a regex must compile and stay
     * within {@link #MAX_REGEX_LENGTH} and {@link #MAX_REGEX_SIZE}.
     *
     * @throws InvalidSelectorException saying which rule the matcher breaks
     */
    public static LabelMatcher of(String name, MatchType type, String value) {
        String nameProblem = Labels.keyViolation(name);
        if (nameProblem != null) {
            if (Labels.RESERVED_KEYS.contains(name)) {
                throw new InvalidSelectorException(
                        "cannot select on " + name + ": it is the site's own field, not a label (use a window of"
                                + " scope url, domain or host for it)");
            }
            throw new InvalidSelectorException(
                    "has an invalid label name " + Texts.quote(name) + ": a label key " + Labels.KEY_RULE);
        }
        String shown = name + type.operator() + Texts.quote(value);
        return switch (type) {
            case EQUAL, NOT_EQUAL -> {
                String valueProblem = value.isEmpty() ? null : Labels.valueViolation(value);
                if (valueProblem != null) {
                    // It could never equal a label, so the matcher is a mistake either way.
                    throw new InvalidSelectorException("compares with a value that no label can have in " + shown
                            + ": a label value " + valueProblem);
                }
                yield new LabelMatcher(name, type, value, null);
            }
            case REGEX, NOT_REGEX -> new LabelMatcher(name, type, value, compile(value, shown));
        };
    }

    private static Pattern compile(String regex, String shown) {
        if (regex.codePointCount(0, regex.length()) > MAX_REGEX_LENGTH) {
            throw new InvalidSelectorException(
                    "has a regex longer than " + MAX_REGEX_LENGTH + " characters in " + shown);
        }
        if (!Texts.isValidUnicode(regex)) {
            throw new InvalidSelectorException("has a regex that is not valid Unicode in " + shown);
        }
        if (CASE_INSENSITIVE.matcher(regex).find()) {
            throw new InvalidSelectorException("has a regex in " + shown + " with the flag i, which is not supported:"
                    + " RE2/J can hang compiling case-insensitive regexes (google/re2j#168); spell out both"
                    + " cases instead, e.g. [Ww]eb-42");
        }
        String tooLarge = "has a regex in " + shown + " that repeats too much: it would compile to more than "
                + MAX_REGEX_PROGRAM + " instructions (a counted repetition such as {n,m} multiplies what it"
                + " repeats)";
        // Estimated before compiling: RE2/J would spend seconds and gigabytes on some short texts.
        if (RegexSize.of(regex) > 4L * MAX_REGEX_PROGRAM) {
            throw new InvalidSelectorException(tooLarge);
        }
        try {
            // Alone first: "a)|(b" is no regex, though wrapped in ^(?:...)$ it would compile and
            // escape the anchors.
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidSelectorException("has an invalid regex in " + shown + ": " + reason(e));
        }
        Pattern anchored;
        try {
            anchored = Pattern.compile("^(?:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            // web-\Q4 compiles alone, its quote running to the end, but then swallows the anchors.
            throw new InvalidSelectorException("has an invalid regex in " + shown + ": a \\Q quote must end with \\E");
        }
        if (anchored.programSize() > MAX_REGEX_PROGRAM) {
            throw new InvalidSelectorException(tooLarge);
        }
        return anchored;
    }

    private static String reason(PatternSyntaxException e) {
        String description = e.getDescription();
        String pattern = e.getPattern();
        if (description.endsWith("internal error") && "stack underflow".equals(pattern)) {
            // What RE2/J says of a ')' that closes no group; Go's regexp says "unexpected )".
            return "unexpected )";
        }
        return pattern == null || pattern.isEmpty() ? description : description + " at " + Texts.quote(pattern);
    }

    /** Whether a label's value, the empty string for a missing label, satisfies this matcher. */
    public boolean matches(String labelValue) {
        return switch (type) {
            case EQUAL -> value.equals(labelValue);
            case NOT_EQUAL -> !value.equals(labelValue);
            case REGEX -> Objects.requireNonNull(regex).matches(labelValue);
            case NOT_REGEX -> !Objects.requireNonNull(regex).matches(labelValue);
        };
    }

    /** Whether the site with these labels satisfies this matcher. */
    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    /** Whether a site without this label satisfies the matcher ({@code plan!=vip} does). */
    public boolean matchesEmpty() {
        return matchesEmpty;
    }

    public String name() {
        return name;
    }

    public MatchType type() {
        return type;
    }

    /** The value or the regex as written, unquoted and unescaped. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelMatcher that
                && name.equals(that.name)
                && type == that.type
                && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }

    /**
     * The canonical text of this matcher, which {@link Selector#parse} reads back to an equal one:
     * the value bare where the syntax allows it ({@code server=web-42}), else in double quotes with
     * {@code \\}, {@code \"} and control characters escaped ({@code server="web 42"}).
     */
    @Override
    public String toString() {
        return name + type.operator() + SelectorSyntax.formatValue(value);
    }
}
