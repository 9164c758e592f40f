package dev.downtime.receiver.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An admin request that breaks a rule: answered 400 with a problem listing each invalid field. */
public class InvalidRequestException extends ErrorResponseException {

    private final transient List<FieldViolation> violations;

    public InvalidRequestException(List<FieldViolation> violations) {
        super(HttpStatus.BAD_REQUEST, problem(violations), null);
        this.violations = List.copyOf(violations);
    }

    /** Every rule broken, as listed in the problem: for a request that holds several items. */
    public List<FieldViolation> violations() {
        return violations;
    }

    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(List.of(new FieldViolation(field, message)));
    }

    static ProblemDetail problem(List<FieldViolation> violations) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", violations);
    }

    static ProblemDetail problem(HttpStatus status, String title, List<FieldViolation> violations) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status,
                violations.size() == 1
                        ? violations.getFirst().field() + " "
                                + violations.getFirst().message()
                        : "The request has " + violations.size() + " invalid fields.");
        problem.setTitle(title);
        problem.setProperty("errors", List.copyOf(violations));
        return problem;
    }
}
