@NullMarked
package dev.downtime.receiver.maintenance;

import org.jspecify.annotations.NullMarked;
