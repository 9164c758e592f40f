/**
 * Site uploads: reading the inventory's JSON and CSV bodies into sites, every invalid row reported
 * with its line, and the difference between an upload and the current inventory. Pure: the
 * {@code sites} module's service and controller call it. See {@code docs/sites-and-selectors.md}.
 */
@NullMarked
package dev.downtime.receiver.sites.upload;

import org.jspecify.annotations.NullMarked;
