package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.maintenance.recurrence.Occurrence;
import dev.downtime.receiver.maintenance.recurrence.Recurrence;
import dev.downtime.receiver.maintenance.recurrence.RecurrenceText;
import dev.downtime.receiver.maintenance.recurrence.RecurringSchedule;
import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.EntityTags;
import dev.downtime.receiver.web.InvalidRequestException;
import dev.downtime.receiver.web.PageResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Maintenance windows: viewers read them, editors plan, change, end and delete them. A window's
 * version is its {@code ETag}; a change may send it back in {@code If-Match}, and is refused (409)
 * when the window changed since.
 */
@RestController
@RequestMapping(MaintenanceWindowController.PATH)
@RequiresRole(Role.VIEWER)
class MaintenanceWindowController {

    static final String PATH = "/api/v1/maintenance-windows";

    private final MaintenanceWindows windows;
    private final WindowBatches batches;
    private final Clock clock;

    MaintenanceWindowController(MaintenanceWindows windows, WindowBatches batches, Clock clock) {
        this.windows = windows;
        this.batches = batches;
        this.clock = clock;
    }

    /** Creates a window; with {@code dryRun}, only answers what it would cover ({@link WindowPreview}). */
    @PostMapping
    @RequiresRole(Role.EDITOR)
    ResponseEntity<?> create(
            @Valid @RequestBody WindowRequest request,
            @RequestParam(defaultValue = "false") boolean dryRun,
            Operator operator) {
        if (dryRun) {
            return ResponseEntity.ok(windows.previewCreate(request));
        }
        MaintenanceWindow window = windows.create(request, operator.name());
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(window.id())
                .toUri();
        return ResponseEntity.created(location).eTag(eTag(window)).body(WindowResponse.of(window, clock.instant()));
    }

    @GetMapping
    PageResponse<WindowResponse> list(
            @RequestParam(required = false) @Nullable WindowState state,
            @RequestParam(required = false) @Nullable WindowScope scope,
            @RequestParam(required = false) @Nullable String target,
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Instant now = clock.instant();
        return PageResponse.of(
                windows.list(state, scope, target, url, page, size), window -> WindowResponse.of(window, now));
    }

    @GetMapping("/{id}")
    ResponseEntity<WindowResponse> get(@PathVariable UUID id) {
        return current(windows.get(id));
    }

    @PutMapping("/{id}")
    @RequiresRole(Role.EDITOR)
    ResponseEntity<?> reschedule(
            @PathVariable UUID id,
            @Valid @RequestBody WindowRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(defaultValue = "false") boolean confirm,
            @RequestParam(defaultValue = "false") boolean dryRun,
            Operator operator) {
        if (dryRun) {
            return ResponseEntity.ok(windows.previewReschedule(id, request, EntityTags.expectedVersion(ifMatch)));
        }
        return current(windows.reschedule(id, request, operator.name(), EntityTags.expectedVersion(ifMatch), confirm));
    }

    /** @param from for a recurring window: no occurrence starts at or after it (the series ends from then on) */
    @PostMapping("/{id}/end")
    @RequiresRole(Role.EDITOR)
    ResponseEntity<WindowResponse> end(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(defaultValue = "false") boolean confirm,
            Operator operator) {
        return current(windows.end(id, from, operator.name(), EntityTags.expectedVersion(ifMatch), confirm));
    }

    @DeleteMapping("/{id}")
    @RequiresRole(Role.EDITOR)
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(defaultValue = "false") boolean confirm,
            Operator operator) {
        windows.delete(id, operator.name(), EntityTags.expectedVersion(ifMatch), confirm);
        return ResponseEntity.noContent().build();
    }

    /** @param from the first occurrence listed is the one not ended at this instant; default now */
    @GetMapping("/{id}/occurrences")
    List<OccurrenceResponse> occurrences(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(defaultValue = "10") @Min(1) @Max(RecurringSchedule.MAX_COUNT) int count) {
        return windows.occurrences(id, from != null ? from : clock.instant(), count).stream()
                .map(OccurrenceResponse::of)
                .toList();
    }

    /** Skips an upcoming occurrence, named by its local start ({@code 2026-12-22T02:00:00}). */
    @PostMapping("/{id}/occurrences/{start}/skip")
    @RequiresRole(Role.EDITOR)
    ResponseEntity<WindowResponse> skip(
            @PathVariable UUID id,
            @PathVariable String start,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(defaultValue = "false") boolean confirm,
            Operator operator) {
        return current(
                windows.skip(id, localStart(start), operator.name(), EntityTags.expectedVersion(ifMatch), confirm));
    }

    /** Ends the occurrence in progress now; the next ones take place as planned. */
    @PostMapping("/{id}/occurrences/{start}/end")
    @RequiresRole(Role.EDITOR)
    ResponseEntity<WindowResponse> endOccurrence(
            @PathVariable UUID id,
            @PathVariable String start,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(defaultValue = "false") boolean confirm,
            Operator operator) {
        return current(windows.endOccurrence(
                id, localStart(start), operator.name(), EntityTags.expectedVersion(ifMatch), confirm));
    }

    private static LocalDateTime localStart(String start) {
        try {
            return LocalDateTime.parse(start);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(
                    "occurrence", "must be a local date-time without offset, such as 2026-12-22T02:00:00");
        }
    }

    /** Creates, ends and deletes many windows at once, all or nothing; {@code dryRun} previews. */
    @PostMapping("/bulk")
    @RequiresRole(Role.EDITOR)
    BulkResponse bulk(
            @Valid @RequestBody BulkRequest request,
            @RequestParam(defaultValue = "false") boolean dryRun,
            Operator operator) {
        return batches.bulk(request, dryRun, operator.name());
    }

    /** The current and upcoming windows, in the shape {@code import} takes back. */
    @GetMapping("/export")
    WindowsFile export() {
        return new WindowsFile(
                clock.instant(),
                batches.current().stream().map(ImportedWindow::of).toList());
    }

    /** Creates or changes the windows of an exported file; {@code dryRun} answers the diff only. */
    @PostMapping("/import")
    @RequiresRole(Role.EDITOR)
    ImportResponse importWindows(
            @Valid @RequestBody WindowsFile file,
            @RequestParam(defaultValue = "false") boolean dryRun,
            Operator operator) {
        return batches.importWindows(file, dryRun, operator.name());
    }

    private ResponseEntity<WindowResponse> current(MaintenanceWindow window) {
        return ResponseEntity.ok().eTag(eTag(window)).body(WindowResponse.of(window, clock.instant()));
    }

    private static String eTag(MaintenanceWindow window) {
        return EntityTags.of(Objects.requireNonNull(window.version(), "a stored window has a version"));
    }
}

/**
 * A window to create, or the new schedule of one. {@code startsAt} defaults to now on create and
 * to the current start on update. A recurring window has a {@code recurrence} instead of {@code
 * startsAt} and {@code endsAt}; its values are text, so that each bad one is named in the 400.
 */
record WindowRequest(
        @NotNull WindowScope scope,
        @NotBlank @Size(max = 4096) String target,
        @Nullable Instant startsAt,
        @Nullable Instant endsAt,
        @Nullable @Size(max = 2000) String reason,
        @Nullable RecurrenceText recurrence) {

    WindowRequest(
            WindowScope scope, String target, @Nullable Instant startsAt, Instant endsAt, @Nullable String reason) {
        this(scope, target, startsAt, endsAt, reason, null);
    }
}

/** A recurrence as the API shows it: the request's shape, normalized (seconds always written). */
record RecurrenceResponse(
        String rrule,
        String timeZone,
        String start,
        String duration,
        List<String> skipped,
        @Nullable Instant endsFrom,
        List<EarlyEndResponse> endedEarly) {

    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    record EarlyEndResponse(String start, Instant endedAt) {}

    static RecurrenceResponse of(Recurrence recurrence) {
        return new RecurrenceResponse(
                recurrence.rrule(),
                recurrence.timeZone().getId(),
                LOCAL.format(recurrence.start()),
                recurrence.duration().toString(),
                recurrence.skipped().stream().map(LOCAL::format).toList(),
                recurrence.endsFrom(),
                recurrence.endedEarly().stream()
                        .map(end -> new EarlyEndResponse(LOCAL.format(end.start()), end.endedAt()))
                        .toList());
    }
}

/**
 * One occurrence, in UTC and on the zone's wall clock.
 *
 * @param scheduledStart the local start the rule gave (differs from {@code localStart} only in a
 *     DST gap); skip or end the occurrence by it
 */
record OccurrenceResponse(
        String scheduledStart,
        Instant startsAt,
        Instant endsAt,
        OffsetDateTime localStart,
        OffsetDateTime localEnd,
        boolean endedEarly) {

    static OccurrenceResponse of(Occurrence occurrence) {
        return new OccurrenceResponse(
                RecurrenceResponse.LOCAL.format(occurrence.scheduledStart()),
                occurrence.startsAt(),
                occurrence.endsAt(),
                occurrence.localStart(),
                occurrence.localEnd(),
                occurrence.endedEarly());
    }
}

record WindowResponse(
        UUID id,
        WindowScope scope,
        String target,
        Instant startsAt,
        Instant endsAt,
        @Nullable String reason,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant endedAt,
        WindowState state,
        @Nullable RecurrenceResponse recurrence) {

    static WindowResponse of(MaintenanceWindow window, Instant now) {
        return new WindowResponse(
                window.id(),
                window.scope(),
                window.target(),
                window.startsAt(),
                window.endsAt(),
                window.reason(),
                window.createdBy(),
                window.createdAt(),
                window.updatedAt(),
                window.endedAt(),
                window.stateAt(now),
                window.recurrence().map(RecurrenceResponse::of).orElse(null));
    }
}

/**
 * A bulk change: windows to create, ids of windows to end and to delete. Each list may be left out.
 */
record BulkRequest(
        @Nullable @Size(max = 1000) List<@Valid @NotNull WindowRequest> create,
        @Nullable @Size(max = 1000) List<@NotNull UUID> end,
        @Nullable @Size(max = 1000) List<@NotNull UUID> delete) {

    List<WindowRequest> creates() {
        return create == null ? List.of() : create;
    }

    List<UUID> ends() {
        return end == null ? List.of() : end;
    }

    List<UUID> deletes() {
        return delete == null ? List.of() : delete;
    }
}

/**
 * What a bulk change did, or, with {@code dryRun}, would do.
 *
 * @param previews with {@code dryRun}, what each window to create would cover, in request order
 * @param created the windows created, in request order
 * @param ended the windows ended (with {@code dryRun}: as they are now)
 * @param deleted the windows deleted (with {@code dryRun}: as they are now)
 */
record BulkResponse(
        boolean dryRun,
        List<WindowPreview> previews,
        List<WindowResponse> created,
        List<WindowResponse> ended,
        List<WindowResponse> deleted) {}

/** The current and upcoming windows as exported, and as imported back. */
record WindowsFile(
        @Nullable Instant exportedAt,
        @NotNull @Size(max = 10_000) List<@Valid @NotNull ImportedWindow> windows) {}

/** A window of an exported file; without an id, a window to create. */
record ImportedWindow(
        @Nullable UUID id,
        @NotNull WindowScope scope,
        @NotBlank @Size(max = 4096) String target,
        @NotNull Instant startsAt,
        @NotNull Instant endsAt,
        @Nullable @Size(max = 2000) String reason) {

    static ImportedWindow of(MaintenanceWindow window) {
        return new ImportedWindow(
                window.id(), window.scope(), window.target(), window.startsAt(), window.endsAt(), window.reason());
    }

    static ImportedWindow of(UUID id, WindowSpec spec) {
        return new ImportedWindow(id, spec.scope(), spec.target(), spec.startsAt(), spec.endsAt(), spec.reason());
    }

    WindowRequest asRequest() {
        return new WindowRequest(scope, target, startsAt, endsAt, reason);
    }

    /** Whether importing it would leave the window as it is: the same schedule, target and reason. */
    boolean sameAs(MaintenanceWindow window) {
        String normalized;
        try {
            normalized = WindowTarget.normalize(scope, target);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String blankToNull = reason == null || reason.isBlank() ? null : reason.strip();
        return scope == window.scope()
                && normalized.equals(window.target())
                && startsAt.truncatedTo(ChronoUnit.MICROS).equals(window.startsAt())
                && endsAt.truncatedTo(ChronoUnit.MICROS).equals(window.endsAt())
                && Objects.equals(blankToNull, window.reason());
    }
}

/** What an import did, or, with {@code dryRun}, would do. */
record ImportResponse(boolean dryRun, List<ImportedWindow> added, List<Change> changed, int unchanged) {

    record Change(ImportedWindow before, ImportedWindow after) {}
}
