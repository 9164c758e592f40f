package dev.downtime.receiver.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads a notification's body straight from the request, whatever its Content-Type (Monitor's is
 * not documented, and letting the container parse a form-encoded body would mangle the JSON),
 * within the size limit and the time the whole body may take to arrive.
 */
@Component
class NotificationBodyReader {

    private final int maxBodySize;
    private final long bodyReadNanos;

    NotificationBodyReader(WebhookProperties properties) {
        this.maxBodySize = Math.toIntExact(properties.maxBodySize().toBytes());
        this.bodyReadNanos = properties.bodyReadTimeout().toNanos();
    }

    /** @throws UnacceptableBodyException with the 4xx and the plain-text reason to answer */
    byte[] read(HttpServletRequest request) {
        if (request.getContentLengthLong() > maxBodySize) {
            throw tooLarge();
        }
        // Elapsed time, not an instant: System.nanoTime rather than the Clock.
        long deadline = System.nanoTime() + bodyReadNanos;
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(Math.min(maxBodySize, 1024));
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) != -1; ) {
                body.write(buffer, 0, read);
                if (body.size() > maxBodySize) {
                    throw tooLarge();
                }
                // Each read waits at most Tomcat's connection timeout; the sum of them is bounded here.
                if (System.nanoTime() - deadline > 0) {
                    throw new UnacceptableBodyException(
                            HttpStatus.REQUEST_TIMEOUT, "notification body not received in time");
                }
            }
            return body.toByteArray();
        } catch (IOException e) {
            // Broken chunking, or a caller gone mid-body: its fault, so a 400 and no error log
            // that anyone on the internet could fill.
            throw new UnacceptableBodyException(HttpStatus.BAD_REQUEST, "the request body could not be read");
        }
    }

    private UnacceptableBodyException tooLarge() {
        return new UnacceptableBodyException(
                HttpStatus.CONTENT_TOO_LARGE, "notification body over " + maxBodySize + " bytes");
    }

    /** A body refused before parsing: too large, too slow, or unreadable. */
    static final class UnacceptableBodyException extends RuntimeException {

        private final HttpStatus status;
        private final String reason;

        UnacceptableBodyException(HttpStatus status, String reason) {
            super(reason, null, false, false);
            this.status = status;
            this.reason = reason;
        }

        /** Never null: it is the body of the reply. */
        @Override
        public String getMessage() {
            return reason;
        }

        HttpStatus status() {
            return status;
        }
    }
}
