/**
 * IP addresses and CIDR blocks, read by one parser for the whole service (the webhook's allowlist
 * and trusted proxies, the admin API's throttling, URL normalization, the verification's SSRF
 * guard), and the IANA special-purpose ranges that are not globally reachable.
 */
@NullMarked
package dev.downtime.receiver.net;

import org.jspecify.annotations.NullMarked;
