package dev.downtime.receiver.site;

/** A URL or host name that cannot identify a site; the message completes "the URL ...". */
public class InvalidSiteUrlException extends IllegalArgumentException {

    public InvalidSiteUrlException(String reason) {
        super(reason);
    }
}
