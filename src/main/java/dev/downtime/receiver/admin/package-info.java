@NullMarked
package dev.downtime.receiver.admin;

import org.jspecify.annotations.NullMarked;
