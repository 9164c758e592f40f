@NullMarked
package dev.downtime.receiver.audit;

import org.jspecify.annotations.NullMarked;
