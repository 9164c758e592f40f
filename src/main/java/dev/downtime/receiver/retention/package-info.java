@NullMarked
package dev.downtime.receiver.retention;

import org.jspecify.annotations.NullMarked;
