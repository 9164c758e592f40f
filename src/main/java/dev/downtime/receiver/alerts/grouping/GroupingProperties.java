package dev.downtime.receiver.alerts.grouping;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How alerts are grouped (the rest of {@code receiver.alerts.*} is the alerts module's own
 * properties record; these names are the ones issue 13 gives).
 *
 * @param groupBy {@code host} (Monitor's host slug), {@code domain} (registrable domain), {@code
 *     none} (one group) or {@code label:<key>} (an inventory label)
 * @param groupWait a group's first message goes out this long after its first alert
 * @param groupInterval the least time between two messages of a group
 * @param repeatInterval an open group with nothing new is repeated this long after its last message
 * @param sendFlaps report a site that fails and recovers within {@code group-wait} too
 * @param linkBaseUrl the service's address as ops reach it, e.g. {@code https://receiver.example}:
 *     messages link to its incidents list; without it they show the list's path only
 * @param listedSites how many sites each list of a message names at most, the rest being counted:
 *     the webhook channel carries that many (text channels show the first {@value
 *     MessageText#LISTED}); it bounds a message, and the memory its step takes, however large the
 *     outage
 */
@Validated
@ConfigurationProperties("receiver.alerts")
public record GroupingProperties(
        @DefaultValue("host") @NotNull String groupBy,
        @DefaultValue("30s") @NotNull Duration groupWait,
        @DefaultValue("5m") @NotNull Duration groupInterval,
        @DefaultValue("4h") @NotNull Duration repeatInterval,
        @DefaultValue("false") boolean sendFlaps,
        @Nullable URI linkBaseUrl,

        @DefaultValue("" + GroupingPolicy.LISTED_SITES) @Min(1)
        int listedSites) {

    /** The parsed {@code group-by}. */
    public GroupBy grouping() {
        return GroupBy.parse(groupBy);
    }

    @AssertTrue(message = "group-by must be host, domain, none or label:<key>")
    boolean isGroupByValid() {
        try {
            GroupBy.parse(groupBy);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @AssertTrue(
            message = "group-wait must not be negative; group-interval and repeat-interval must be positive,"
                    + " repeat-interval at least group-interval")
    boolean isTimingValid() {
        return !groupWait.isNegative() && groupInterval.isPositive() && repeatInterval.compareTo(groupInterval) >= 0;
    }

    @AssertTrue(message = "link-base-url must be an absolute http(s) URL")
    boolean isLinkBaseUrlValid() {
        return linkBaseUrl == null
                || (linkBaseUrl.isAbsolute()
                        && ("https".equalsIgnoreCase(linkBaseUrl.getScheme())
                                || "http".equalsIgnoreCase(linkBaseUrl.getScheme()))
                        && linkBaseUrl.getRawAuthority() != null);
    }
}
