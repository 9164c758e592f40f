@NullMarked
package dev.downtime.receiver.tokens;

import org.jspecify.annotations.NullMarked;
