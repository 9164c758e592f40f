@NullMarked
package dev.downtime.receiver.notifications;

import org.jspecify.annotations.NullMarked;
