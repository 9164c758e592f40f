package dev.downtime.receiver.sites;

import dev.downtime.receiver.web.FieldViolation;
import java.util.List;
import java.util.stream.Collectors;

/** Labels that break one or more of the rules of {@link Labels}; lists every broken rule. */
public final class InvalidLabelsException extends IllegalArgumentException {

    private final transient List<FieldViolation> violations;

    InvalidLabelsException(List<FieldViolation> violations) {
        super(violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
