/**
 * Site URLs as Monitor and ops staff write them, normalized the one way every module compares
 * them.
 */
@NullMarked
package dev.downtime.receiver.site;

import org.jspecify.annotations.NullMarked;
