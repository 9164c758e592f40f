@NullMarked
package dev.downtime.receiver.verification;

import org.jspecify.annotations.NullMarked;
