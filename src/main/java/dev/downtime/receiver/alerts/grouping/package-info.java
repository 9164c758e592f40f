/**
 * Grouped alerts: which group a site's alert belongs to, the grouping state machine (when a
 * group's message is due and what it says), the rendering of a group's message on each channel,
 * the pacing of channels, and the PagerDuty channel. Pure code with no wiring of its own: the
 * alerts module ({@code Alerts}, {@code AlertGroups}, {@code AlertDispatcher}) feeds it facts,
 * stores its state and sends what it returns.
 */
@NullMarked
package dev.downtime.receiver.alerts.grouping;

import org.jspecify.annotations.NullMarked;
