package dev.downtime.receiver.sites;

import dev.downtime.receiver.sites.upload.ParsedUpload;
import dev.downtime.receiver.sites.upload.RowViolation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An upload with at least one invalid row, refused whole: answered 400 with every violation (up to
 * the limit listed) under {@code errors}, each with its line, and how many there were in all.
 */
final class InvalidUploadException extends ErrorResponseException {

    InvalidUploadException(ParsedUpload upload) {
        super(HttpStatus.BAD_REQUEST, problem(upload), null);
    }

    private static ProblemDetail problem(ParsedUpload upload) {
        RowViolation first = upload.violations().getFirst();
        String detail = "line " + first.line() + ": " + first.field() + " " + first.message()
                + (upload.violationCount() > 1
                        ? " (and " + (upload.violationCount() - 1) + " more); nothing was changed."
                        : "; nothing was changed.");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid upload");
        problem.setProperty("errors", upload.violations());
        problem.setProperty("errorCount", upload.violationCount());
        return problem;
    }
}
