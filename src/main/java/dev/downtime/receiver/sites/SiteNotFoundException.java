package dev.downtime.receiver.sites;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No site of the inventory has the URL asked for: answered 404. */
final class SiteNotFoundException extends ErrorResponseException {

    private SiteNotFoundException(ProblemDetail problem) {
        super(HttpStatus.NOT_FOUND, problem, null);
    }

    static SiteNotFoundException forUrl() {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No site of the inventory has this URL.");
        problem.setTitle("Site not found");
        return new SiteNotFoundException(problem);
    }
}
