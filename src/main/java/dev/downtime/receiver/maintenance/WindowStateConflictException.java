package dev.downtime.receiver.maintenance;

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

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Maintenance window state conflict");
        return problem;
    }
}
