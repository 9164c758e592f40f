package dev.downtime.receiver.sites;

import dev.downtime.receiver.audit.AuditLog;
import dev.downtime.receiver.notifications.NotificationLog;
import dev.downtime.receiver.notifications.ReportedUrl;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.upload.InventoryDiff;
import dev.downtime.receiver.sites.upload.ParsedUpload;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The site inventory as ops staff edit it: uploads (diffed, then applied at once), single sites, lists. */
@Service
class SiteInventory {

    private static final String SUBJECT = "site";

    private final InventoryStore store;
    private final InventorySiteRepository repository;
    private final Inventory inventory;
    private final NotificationLog notifications;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SiteInventory(
            InventoryStore store,
            InventorySiteRepository repository,
            Inventory inventory,
            NotificationLog notifications,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.store = store;
        this.repository = repository;
        this.inventory = inventory;
        this.notifications = notifications;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Applies an upload in one transaction, or only answers what it would change. Uploads are
     * serialized, so that each diff is taken from what the previous one left.
     *
     * @throws InvalidUploadException when any row is invalid: nothing is changed
     */
    @Transactional
    InventoryDiff upload(ParsedUpload upload, boolean prune, boolean dryRun, String actor) {
        if (!upload.isValid()) {
            throw new InvalidUploadException(upload);
        }
        if (!dryRun) {
            store.lock();
        }
        List<Site> current = store.rows().stream()
                .map(row -> new Site(SiteUrl.parse(row.url()), row.host(), LabelsColumn.read(row.labels())))
                .toList();
        InventoryDiff diff = InventoryDiff.between(current, upload.sites(), prune);
        if (dryRun || diff.isEmpty()) {
            return diff;
        }
        List<Site> put = new ArrayList<>(diff.added());
        diff.changed().forEach(change -> put.add(change.after()));
        store.upsert(put, now());
        store.delete(diff.removed().stream().map(Site::key).toList());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("added", diff.added().size());
        summary.put("changed", diff.changed().size());
        summary.put("removed", diff.removed().size());
        summary.put("unchanged", diff.unchanged());
        summary.put("prune", prune);
        // One event per upload, with its counts: an event per site would be 10,000 rows for one sync.
        audit.record(actor, "sites.uploaded", "site-inventory", UUID.randomUUID(), null, summary);
        events.publishEvent(new SitesEdited());
        return diff;
    }

    @Transactional(readOnly = true)
    Site get(String url) {
        return repository
                .findByUrl(parse(url).value())
                .map(InventorySite::toSite)
                .orElseThrow(() -> SiteNotFoundException.forUrl());
    }

    @Transactional
    void delete(String url, String actor) {
        InventorySite site = repository.findByUrl(parse(url).value()).orElseThrow(() -> SiteNotFoundException.forUrl());
        Site before = site.toSite();
        repository.delete(site);
        repository.flush();
        audit.record(actor, "site.deleted", SUBJECT, site.id(), SiteView.of(before), null);
        events.publishEvent(new SitesEdited());
    }

    /**
     * Sites whose labels match the selector (all without one), by URL. From memory, as decisions
     * are: a selector's regexes are RE2, which SQL cannot run, and the answer is then exactly what
     * the windows see.
     */
    List<Site> list(@Nullable Selector selector) {
        return inventory.sites().stream()
                .filter(site -> selector == null || selector.matches(site.labels()))
                .sorted(Comparator.comparing(Site::key))
                .toList();
    }

    /** Every site, by URL: for an export. */
    List<Site> all() {
        return list(null);
    }

    /** URLs Monitor reported lately that the inventory lacks, most recently reported first. */
    List<ReportedUrl> unknownReported() {
        return notifications.reportedRecently(clock.instant()).stream()
                .filter(reported -> !inventory.contains(reported.url()))
                .toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static SiteUrl parse(String url) {
        try {
            return SiteUrl.parse(url);
        } catch (InvalidSiteUrlException e) {
            throw InvalidRequestException.of("url", e.getMessage());
        }
    }
}
