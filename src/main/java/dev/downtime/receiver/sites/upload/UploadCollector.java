package dev.downtime.receiver.sites.upload;

import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.FieldViolation;
import dev.downtime.receiver.sites.InvalidLabelsException;
import dev.downtime.receiver.sites.Labels;
import dev.downtime.receiver.sites.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Turns the rows of an upload, whatever its format, into sites and violations. */
final class UploadCollector {

    private final UploadLimits limits;
    private final List<Site> sites = new ArrayList<>();
    private final List<RowViolation> violations = new ArrayList<>();
    private final Map<String, Long> firstLine = new HashMap<>();
    private int violationCount;

    UploadCollector(UploadLimits limits) {
        this.limits = limits;
    }

    void violation(long line, @Nullable Integer item, String field, String message) {
        violationCount++;
        if (violations.size() < limits.maxReported()) {
            violations.add(new RowViolation(line, item, field, message));
        }
    }

    int violationCount() {
        return violationCount;
    }

    /**
     * Called before each item; @return false when the upload holds more items than allowed, after
     * recording why (the caller then stops reading).
     */
    boolean accepts(long line, int item) {
        if (item < limits.maxSites()) {
            return true;
        }
        violation(line, null, "body", "lists more than " + limits.maxSites() + " sites: split the upload");
        return false;
    }

    /**
     * One item's fields as read; becomes a site when every one is valid and nothing was wrong with
     * the item before (as counted by {@code violationsBefore}). A null URL is reported as missing
     * unless {@code urlReported} says it was given but already refused.
     */
    void site(
            long line,
            int item,
            @Nullable String rawUrl,
            boolean urlReported,
            @Nullable String rawHost,
            Map<String, String> rawLabels,
            int violationsBefore) {
        SiteUrl url = null;
        if (rawUrl == null) {
            if (!urlReported) {
                violation(line, item, "url", "is required");
            }
        } else {
            try {
                url = SiteUrl.parse(rawUrl);
            } catch (InvalidSiteUrlException e) {
                violation(line, item, "url", e.getMessage());
            }
        }
        String host = null;
        try {
            host = Site.normalizeHost(rawHost);
        } catch (IllegalArgumentException e) {
            violation(line, item, "host", Objects.requireNonNullElse(e.getMessage(), "is invalid"));
        }
        Labels labels = Labels.EMPTY;
        try {
            labels = Labels.of(rawLabels);
        } catch (InvalidLabelsException e) {
            for (FieldViolation broken : e.violations()) {
                violation(line, item, broken.field(), broken.message());
            }
        }
        if (url != null) {
            Long first = firstLine.putIfAbsent(url.value(), line);
            if (first != null) {
                violation(
                        line,
                        item,
                        "url",
                        "is the same site as the one on line " + first + " once normalized (" + url.value() + ")");
            }
        }
        if (url != null && violationCount == violationsBefore) {
            sites.add(new Site(url, host, labels));
        }
    }

    ParsedUpload result() {
        return new ParsedUpload(sites, violations, violationCount);
    }
}
