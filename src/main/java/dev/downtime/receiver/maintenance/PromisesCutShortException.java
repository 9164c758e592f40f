package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.promises.CutShort;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A change that would take away cover Monitor was promised, asked without {@code confirm=true}:
 * answered 409 with how many promises it would cut short and the first of them.
 */
class PromisesCutShortException extends ErrorResponseException {

    PromisesCutShortException(UUID windowId, Instant coverLostAt, CutShort cut) {
        super(HttpStatus.CONFLICT, problem(windowId, coverLostAt, cut), null);
    }

    private static ProblemDetail problem(UUID windowId, Instant coverLostAt, CutShort cut) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "This change ends the cover of maintenance window " + windowId + " from " + coverLostAt + ", before "
                        + cut.count()
                        + " promise(s) made to Monitor run out. Repeat it with confirm=true to go ahead.");
        problem.setTitle("Promises would be cut short");
        problem.setProperty("windowId", windowId);
        problem.setProperty("coverLostAt", coverLostAt);
        problem.setProperty("count", cut.count());
        problem.setProperty("promises", cut.first());
        return problem;
    }
}
