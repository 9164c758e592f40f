@NullMarked
package dev.downtime.receiver.webhook;

import org.jspecify.annotations.NullMarked;
