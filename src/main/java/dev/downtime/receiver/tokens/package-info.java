/**
 * Admin tokens issued to people through the API, and the in-memory directory of the active ones
 * that authentication consults. Owns {@code admin_token}.
 */
@NullMarked
package dev.downtime.receiver.tokens;

import org.jspecify.annotations.NullMarked;
