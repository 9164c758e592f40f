package dev.downtime.receiver.alerts;

/** One way of telling ops: a webhook, Slack, email. */
interface AlertChannel {

    /** As stored with each alert, e.g. {@code webhook}. */
    String name();

    /**
     * Delivers the alert or throws; a failure is retried with backoff.
     *
     * @throws Exception whatever stopped delivery, kept as the alert's last error
     */
    void deliver(AlertMessage message) throws Exception;
}
