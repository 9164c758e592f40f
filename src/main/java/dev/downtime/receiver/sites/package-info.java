/**
 * The site inventory's building blocks: labels on sites, Alertmanager-style label selectors, and
 * the index that turns selector windows into a per-site lookup. Pure and in memory; persistence,
 * the admin API and the wiring into the maintenance decision come with the {@code sites} module.
 * See {@code docs/sites-and-selectors.md}.
 */
@NullMarked
package dev.downtime.receiver.sites;

import org.jspecify.annotations.NullMarked;
