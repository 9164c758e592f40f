/**
 * An incident's whole history, composed from the modules that each recorded a part of it: the
 * incident ({@code incidents}), the notifications that went into it ({@code notifications}), our
 * own checks ({@code verification}) and its alerts ({@code alerts}). A module of its own because
 * verification and alerts depend on incidents: incidents asking them back would be a cycle.
 */
@NullMarked
package dev.downtime.receiver.history;

import org.jspecify.annotations.NullMarked;
