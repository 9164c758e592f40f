package dev.downtime.receiver.alerts.grouping;

import org.jspecify.annotations.Nullable;

/**
 * An endpoint's refusal of a delivery, with what the dispatcher needs to react: give up at once
 * ({@link #permanent()}: trying again cannot help), or try again no sooner than the endpoint asked
 * ({@link #retryAfter()}, to hand to {@link ChannelPacer#rejected}).
 */
public final class DeliveryException extends Exception {

    private final int status;
    private final boolean permanent;
    private final @Nullable String retryAfter;

    public DeliveryException(String message, int status, boolean permanent, @Nullable String retryAfter) {
        super(message);
        this.status = status;
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status the endpoint answered. */
    public int status() {
        return status;
    }

    /** Whether trying again cannot succeed (e.g. PagerDuty's 400: the event is invalid). */
    public boolean permanent() {
        return permanent;
    }

    /** The endpoint's {@code Retry-After} header, as sent, if any. */
    public @Nullable String retryAfter() {
        return retryAfter;
    }
}
