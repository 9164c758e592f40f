@NullMarked
package dev.downtime.receiver.incidents;

import org.jspecify.annotations.NullMarked;
