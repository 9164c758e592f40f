package dev.downtime.receiver.sites;

import dev.downtime.receiver.notifications.ReportedUrl;
import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.sites.upload.InventoryDiff;
import dev.downtime.receiver.sites.upload.ParsedUpload;
import dev.downtime.receiver.sites.upload.SiteUploads;
import dev.downtime.receiver.sites.upload.UploadLimits;
import dev.downtime.receiver.web.InvalidRequestException;
import dev.downtime.receiver.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The site inventory: viewers read it, editors upload and delete. A site is named in the path by
 * its URL as is, after {@code /api/v1/sites/} ({@code /api/v1/sites/https://a.example/}); a
 * {@code ?} or {@code #} in it must be percent-encoded.
 */
@RestController
@RequestMapping(SiteController.PATH)
@RequiresRole(Role.VIEWER)
class SiteController {

    static final String PATH = "/api/v1/sites";

    private static final String CSV = "text/csv";

    private final SiteInventory sites;

    SiteController(SiteInventory sites) {
        this.sites = sites;
    }

    /**
     * Upserts the sites of a JSON array or a CSV body, all or nothing; with {@code prune}, removes
     * the sites the body lacks; with {@code dryRun}, changes nothing. Answers the diff either way.
     */
    @PutMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, CSV})
    @RequiresRole(Role.EDITOR)
    UploadResponse upload(
            HttpServletRequest request,
            @RequestParam(defaultValue = "false") boolean prune,
            @RequestParam(defaultValue = "false") boolean dryRun,
            Operator operator)
            throws IOException {
        MediaType type = MediaType.parseMediaType(request.getContentType());
        ParsedUpload upload;
        try (InputStream body = request.getInputStream()) {
            upload = type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    ? SiteUploads.readJson(body, UploadLimits.DEFAULTS)
                    : SiteUploads.readCsv(body, UploadLimits.DEFAULTS);
        }
        return UploadResponse.of(sites.upload(upload, prune, dryRun, operator.name()), dryRun);
    }

    /**
     * One page of the sites, by URL, those matching {@code selector} when given; or, with {@code
     * reported=unknown}, of the URLs Monitor reported in the last 30 days that the inventory lacks.
     */
    @GetMapping
    PageResponse<?> list(
            @RequestParam(required = false) @Nullable String selector,
            @RequestParam(required = false) @Nullable String reported,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(1000) int size) {
        if (reported != null) {
            if (!reported.equals("unknown")) {
                throw InvalidRequestException.of("reported", "must be unknown");
            }
            if (selector != null) {
                throw InvalidRequestException.of("selector", "cannot be combined with reported");
            }
            return page(sites.unknownReported(), page, size, ReportedView::of);
        }
        return page(sites.list(selector == null ? null : selector(selector)), page, size, SiteView::of);
    }

    /** Every site, by URL, as JSON (the upload's shape) or CSV ({@code Accept: text/csv}). */
    @GetMapping(value = "/export", produces = MediaType.APPLICATION_JSON_VALUE)
    List<SiteView> exportJson() {
        return sites.all().stream().map(SiteView::of).toList();
    }

    @GetMapping(value = "/export", produces = CSV)
    ResponseEntity<byte[]> exportCsv() {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"sites.csv\"")
                .body(csv(sites.all()).getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/{*url}")
    SiteView get(@PathVariable String url) {
        return SiteView.of(sites.get(pathUrl(url)));
    }

    @DeleteMapping("/{*url}")
    @RequiresRole(Role.EDITOR)
    ResponseEntity<Void> delete(@PathVariable String url, Operator operator) {
        sites.delete(pathUrl(url), operator.name());
        return ResponseEntity.noContent().build();
    }

    private static Selector selector(String text) {
        try {
            return Selector.parse(text);
        } catch (InvalidSelectorException e) {
            throw new InvalidRequestException(List.of(e.violation("selector")));
        }
    }

    /**
     * The URL after the collection's path. Servers merge the two slashes after the scheme into one
     * ({@code https:/a.example}), which is put back.
     */
    static String pathUrl(String captured) {
        String url = captured.startsWith("/") ? captured.substring(1) : captured;
        int colon = url.indexOf(":/");
        if (colon > 0
                && !url.startsWith("//", colon + 1)
                && url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            url = url.substring(0, colon) + "://" + url.substring(colon + 2);
        }
        if (url.isEmpty()) {
            throw InvalidRequestException.of("url", "must not be blank");
        }
        return url;
    }

    private static <S, T> PageResponse<T> page(
            List<S> all, int page, int size, java.util.function.Function<S, T> view) {
        long from = Math.min((long) page * size, all.size());
        int to = (int) Math.min(from + size, all.size());
        return PageResponse.of(all.subList((int) from, to), page, size, all.size(), view);
    }

    /** The header is url,host, then every label key in use, sorted; a missing label is an empty cell. */
    static String csv(List<Site> all) {
        TreeSet<String> keys = new TreeSet<>();
        all.forEach(site -> keys.addAll(site.labels().asMap().keySet()));
        StringBuilder out = new StringBuilder("url,host");
        keys.forEach(key -> out.append(',').append(key));
        out.append("\r\n");
        for (Site site : all) {
            out.append(cell(site.key())).append(',').append(cell(site.host() == null ? "" : site.host()));
            Map<String, String> labels = site.labels().asMap();
            keys.forEach(key -> out.append(',').append(cell(labels.getOrDefault(key, ""))));
            out.append("\r\n");
        }
        return out.toString();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
    private static String cell(String value) {
        if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}

/** A site as the API shows it, and as an upload gives it. */
record SiteView(String url, @Nullable String host, Map<String, String> labels) {

    static SiteView of(Site site) {
        return new SiteView(site.key(), site.host(), site.labels().asMap());
    }
}

/** A URL Monitor reported that the inventory lacks. */
record ReportedView(String url, @Nullable String host, Instant lastReportedAt) {

    static ReportedView of(ReportedUrl reported) {
        return new ReportedView(reported.url(), reported.host(), reported.lastReportedAt());
    }
}

/** What an upload changed, or would change with {@code dryRun}. */
record UploadResponse(
        boolean dryRun, List<SiteView> added, List<Change> changed, List<SiteView> removed, int unchanged) {

    record Change(SiteView before, SiteView after) {}

    static UploadResponse of(InventoryDiff diff, boolean dryRun) {
        return new UploadResponse(
                dryRun,
                diff.added().stream().map(SiteView::of).toList(),
                diff.changed().stream()
                        .map(c -> new Change(SiteView.of(c.before()), SiteView.of(c.after())))
                        .toList(),
                diff.removed().stream().map(SiteView::of).toList(),
                diff.unchanged());
    }
}
