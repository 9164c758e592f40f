@NullMarked
package dev.downtime.receiver.site;

import org.jspecify.annotations.NullMarked;
