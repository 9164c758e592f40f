package dev.downtime.receiver.sites;

/** How a {@link LabelMatcher} compares a label's value, with its operator in the selector syntax. */
public enum MatchType {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String operator;

    MatchType(String operator) {
        this.operator = operator;
    }

    public String operator() {
        return operator;
    }
}
