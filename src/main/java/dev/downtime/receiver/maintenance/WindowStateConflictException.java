package dev.downtime.receiver.maintenance;

import java.time.LocalDateTime;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A change the window's state does not allow, answered 409. */
class WindowStateConflictException extends ErrorResponseException {

    private WindowStateConflictException(String detail) {
        super(HttpStatus.CONFLICT, problem(detail), null);
    }

    static WindowStateConflictException alreadyEnded(UUID id) {
        return new WindowStateConflictException("Maintenance window " + id + " has ended and can no longer change.");
    }

    static WindowStateConflictException notUpcoming(UUID id, WindowState state) {
        return new WindowStateConflictException("Maintenance window " + id + " is " + state.wireName()
                + "; only upcoming windows can be deleted. End it instead.");
    }

    static WindowStateConflictException notRecurring(UUID id) {
        return new WindowStateConflictException("Maintenance window " + id + " does not recur: it has no occurrences.");
    }

    static WindowStateConflictException occurrenceBegun(UUID id, LocalDateTime occurrence) {
        return new WindowStateConflictException("The occurrence of maintenance window " + id + " starting at "
                + occurrence + " has begun; end it early instead of skipping it.");
    }

    static WindowStateConflictException occurrenceNotInProgress(UUID id, LocalDateTime occurrence) {
        return new WindowStateConflictException("The occurrence of maintenance window " + id + " starting at "
                + occurrence + " is not in progress; skip an upcoming occurrence instead.");
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Maintenance window state conflict");
        return problem;
    }
}
