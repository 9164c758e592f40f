package dev.downtime.receiver.verification;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the service checks reported sites itself.
 *
 * @param enabled whether to check at all
 * @param timeout the longest one check may take in all: name lookup, connection, TLS, request
 *     and response head, HEAD and GET and any redirect hops together
 * @param interval how often an open incident's site is checked again, until the incident closes;
 *     also the least time between two checks of one URL. Between 30 s and 1 h.
 * @param recheckFor how long after Monitor's last failure report an open incident is still
 *     re-checked: Monitor may never report the recovery, and an incident it leaves open must not
 *     be checked forever; a later failure report starts the checks again. At least the interval.
 * @param concurrency the most checks running at once on this instance
 * @param followRedirects whether to follow redirects (each hop vetted like the first)
 * @param maxRedirects how many hops at most, when following
 * @param allowedPorts the only ports checks may connect to
 * @param allowedDomains when not empty, only these domains and their subdomains are checked
 * @param allowInternalAddresses check sites that resolve to private, loopback or link-local
 *     addresses too; off, since those are where a forged notification would aim
 * @param userAgent sent with every check
 */
@Validated
@ConfigurationProperties("receiver.verification")
record VerificationProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10s") @NotNull Duration timeout,
        @DefaultValue("5m") @NotNull Duration interval,
        @DefaultValue("24h") @NotNull Duration recheckFor,
        @DefaultValue("8") @Min(1) @Max(256) int concurrency,
        @DefaultValue("false") boolean followRedirects,
        @DefaultValue("3") @Min(0) @Max(10) int maxRedirects,
        @DefaultValue({"80", "443"}) @NotEmpty List<Integer> allowedPorts,
        @DefaultValue List<String> allowedDomains,
        @DefaultValue("false") boolean allowInternalAddresses,

        @DefaultValue("downtime-receiver/0.1 (site verification)") @NotNull
        String userAgent) {

    VerificationProperties {
        if (interval.compareTo(Duration.ofSeconds(30)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("receiver.verification.interval must be between 30s and 1h");
        }
        if (recheckFor.compareTo(interval) < 0) {
            throw new IllegalArgumentException("receiver.verification.recheck-for must be at least the interval");
        }
    }
}
