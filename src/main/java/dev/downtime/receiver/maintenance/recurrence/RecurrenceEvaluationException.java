package dev.downtime.receiver.maintenance.recurrence;

/**
 * lib-recur failed while expanding a rule that passed validation. Validation probes each rule
 * where lib-recur gives up (a rule whose occurrences lie years apart), so this should not happen;
 * a caller that evaluates many windows catches it per window and keeps the others.
 */
public final class RecurrenceEvaluationException extends RuntimeException {

    RecurrenceEvaluationException(String rule, Throwable cause) {
        super("could not expand the rule " + rule + ": " + cause, cause);
    }
}
