/**
 * The endpoint Jetpack Monitor posts to, its trust checks, and the decision API that explains an
 * answer. Owns no table: it decides from {@code maintenance}'s memory and records through {@code
 * notifications}.
 */
@NullMarked
package dev.downtime.receiver.webhook;

import org.jspecify.annotations.NullMarked;
