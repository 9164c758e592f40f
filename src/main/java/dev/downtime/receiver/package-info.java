@NullMarked
package dev.downtime.receiver;

import org.jspecify.annotations.NullMarked;
