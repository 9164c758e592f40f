package dev.downtime.receiver.maintenance;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No maintenance window has the requested id: answered 404. */
class WindowNotFoundException extends ErrorResponseException {

    private WindowNotFoundException(ProblemDetail problem) {
        super(HttpStatus.NOT_FOUND, problem, null);
    }

    static WindowNotFoundException forId(UUID id) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No maintenance window has id " + id + ".");
        problem.setTitle("Maintenance window not found");
        return new WindowNotFoundException(problem);
    }
}
