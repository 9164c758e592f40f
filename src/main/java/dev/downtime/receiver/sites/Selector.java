package dev.downtime.receiver.sites;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which sites a window of scope {@code selector} covers: matchers on labels that must all hold, in
 * the syntax of Alertmanager and Prometheus, e.g. {@code cluster=eu-1,plan!=vip,server=~web-4[0-9]}.
 * Immutable; two selectors are equal when their {@linkplain #canonical() canonical forms} are.
 *
 * <p>At least one matcher must not match the empty string, as Alertmanager requires of a silence:
 * {@code plan!=vip} alone would cover every site of the inventory that lacks the label, typo in the
 * name included. {@code cluster=~.+,plan!=vip} says "every site in some cluster but the VIPs".
 */
public final class Selector {

    /** The longest selector text accepted, in UTF-8 bytes. */
    public static final int MAX_BYTES = 1024;

    /** The most matchers in one selector. */
    public static final int MAX_MATCHERS = 16;

    private static final Comparator<LabelMatcher> ORDER = Comparator.comparing(LabelMatcher::name)
            .thenComparing(LabelMatcher::type)
            .thenComparing(LabelMatcher::value);

    private final List<LabelMatcher> matchers;
    private final String canonical;

    private Selector(List<LabelMatcher> matchers) {
        this.matchers = List.copyOf(matchers);
        StringBuilder text = new StringBuilder();
        for (LabelMatcher matcher : this.matchers) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(matcher);
        }
        this.canonical = text.toString();
    }

    /**
     * Reads a selector as Alertmanager's matcher parser does, then checks it against the limits and
     * rules of {@link Labels} and {@link LabelMatcher}.
     *
     * @throws InvalidSelectorException with a message completing the field's name, e.g. "target is
     *     not a valid selector: at character 8, expected ..."
     */
    public static Selector parse(String text) {
        int bytes = Texts.utf8Length(text);
        if (bytes < 0) {
            throw new InvalidSelectorException("must be valid Unicode (no unpaired surrogate)");
        }
        if (bytes > MAX_BYTES) {
            throw new InvalidSelectorException("must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
        List<SelectorSyntax.ParsedMatcher> parsed = SelectorSyntax.parse(text);
        if (parsed.isEmpty()) {
            throw new InvalidSelectorException("must hold at least one matcher, such as server=web-42");
        }
        if (parsed.size() > MAX_MATCHERS) {
            throw new InvalidSelectorException("must hold at most " + MAX_MATCHERS + " matchers");
        }
        LinkedHashSet<LabelMatcher> matchers = new LinkedHashSet<>();
        for (SelectorSyntax.ParsedMatcher matcher : parsed) {
            try {
                matchers.add(LabelMatcher.of(matcher.name(), matcher.type(), matcher.value()));
            } catch (InvalidSelectorException e) {
                throw new InvalidSelectorException(e.getMessage() + " (matcher at character " + matcher.column() + ")");
            }
        }
        return of(new ArrayList<>(matchers));
    }

    /**
     * A selector of matchers already checked one by one.
     *
     * @throws InvalidSelectorException when there are none or too many, or when all of them match
     *     a site without labels
     */
    public static Selector of(List<LabelMatcher> matchers) {
        if (matchers.isEmpty()) {
            throw new InvalidSelectorException("must hold at least one matcher, such as server=web-42");
        }
        List<LabelMatcher> sorted = new ArrayList<>(new LinkedHashSet<>(matchers));
        if (sorted.size() > MAX_MATCHERS) {
            throw new InvalidSelectorException("must hold at most " + MAX_MATCHERS + " matchers");
        }
        if (sorted.stream().allMatch(LabelMatcher::matchesEmpty)) {
            throw new InvalidSelectorException("must hold at least one matcher that requires a label (such as"
                    + " server=web-42 or cluster=~.+): each of these matchers also matches a site without the"
                    + " label, so the selector would cover the whole inventory");
        }
        sorted.sort(ORDER);
        Selector selector = new Selector(sorted);
        if (Texts.utf8Length(selector.canonical) > MAX_BYTES) {
            // Escapes can make the canonical text longer than what was typed; it must stay storable.
            throw new InvalidSelectorException(
                    "must be at most " + MAX_BYTES + " bytes in UTF-8 once written in canonical form");
        }
        return selector;
    }

    /** Whether a site with these labels is covered: every matcher holds. */
    public boolean matches(Labels labels) {
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The matchers in canonical order (by name, operator, value), without duplicates. */
    public List<LabelMatcher> matchers() {
        return matchers;
    }

    /**
     * The form to store and show, which {@link #parse} reads back to an equal selector: matchers
     * in canonical order, separated by commas without blanks, no braces, values bare where the
     * syntax allows, e.g. {@code cluster=eu-1,plan!=vip,server=~web-4[0-9]}.
     */
    public String canonical() {
        return canonical;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Selector that && canonical.equals(that.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return canonical;
    }
}
