package dev.downtime.receiver.site;

/** A URL or host name that cannot identify a site; the message completes "the URL ...". */
public class InvalidSiteUrlException extends IllegalArgumentException {

    private final String reason;

    public InvalidSiteUrlException(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** Never null: every such exception says what is wrong with the URL. */
    @Override
    public String getMessage() {
        return reason;
    }
}
