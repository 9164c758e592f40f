/**
 * The append-only record of who changed what through the admin API. Owns {@code audit_event};
 * offers {@link dev.downtime.receiver.audit.AuditLog#record}.
 */
@NullMarked
package dev.downtime.receiver.audit;

import org.jspecify.annotations.NullMarked;
