/**
 * The pipeline after the webhook made visible: how far the incident tracker lags, open incidents,
 * checks queued and running, alerts pending and the oldest undelivered, as Micrometer gauges and as
 * the details of the {@code pipeline} health indicator (shown to admins). Composed from the
 * modules' public APIs; owns no table.
 */
@NullMarked
package dev.downtime.receiver.pipeline;

import org.jspecify.annotations.NullMarked;
