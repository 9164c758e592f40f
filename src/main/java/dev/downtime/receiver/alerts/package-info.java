@NullMarked
package dev.downtime.receiver.alerts;

import org.jspecify.annotations.NullMarked;
