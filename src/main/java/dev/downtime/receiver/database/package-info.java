@NullMarked
package dev.downtime.receiver.database;

import org.jspecify.annotations.NullMarked;
