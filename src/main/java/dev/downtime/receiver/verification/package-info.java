/**
 * Our own checks of the sites of open incidents, from the host's network, guarded against SSRF.
 * Owns {@code verification} and {@code verification_due}. Listens to {@code IncidentsChanged};
 * records verdicts through {@code Incidents.recordCheck}; offers {@link
 * dev.downtime.receiver.verification.SiteChecks} (history, purge).
 */
@NullMarked
package dev.downtime.receiver.verification;

import org.jspecify.annotations.NullMarked;
