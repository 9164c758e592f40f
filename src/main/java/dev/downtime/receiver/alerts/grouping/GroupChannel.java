package dev.downtime.receiver.alerts.grouping;

/** A way of telling ops (webhook, Slack, email, PagerDuty) that delivers a group's messages. */
public interface GroupChannel {

    /** As stored with each outgoing message, e.g. {@code pagerduty}. */
    String name();

    /**
     * Delivers the message or throws; a failure is retried with backoff unless it is a {@link
     * DeliveryException#permanent() permanent} one.
     *
     * @throws Exception whatever stopped delivery, kept as the alert's last error
     */
    void deliver(GroupingEngine.Outgoing outgoing) throws Exception;
}
