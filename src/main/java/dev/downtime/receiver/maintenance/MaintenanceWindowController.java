package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.EntityTags;
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
            @RequestParam(defaultValue = "false") boolean dryRun,
            Operator operator) {
        if (dryRun) {
            return ResponseEntity.ok(windows.previewReschedule(id, request, EntityTags.expectedVersion(ifMatch)));
        }
        return current(windows.reschedule(id, request, operator.name(), EntityTags.expectedVersion(ifMatch)));
    }

    @PostMapping("/{id}/end")
    @RequiresRole(Role.EDITOR)
    ResponseEntity<WindowResponse> end(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            Operator operator) {
        return current(windows.end(id, operator.name(), EntityTags.expectedVersion(ifMatch)));
    }

    @DeleteMapping("/{id}")
    @RequiresRole(Role.EDITOR)
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            Operator operator) {
        windows.delete(id, operator.name(), EntityTags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
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
 * to the current start on update.
 */
record WindowRequest(
        @NotNull WindowScope scope,
        @NotBlank @Size(max = 4096) String target,
        @Nullable Instant startsAt,
        @NotNull Instant endsAt,
        @Nullable @Size(max = 2000) String reason) {}

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
        WindowState state) {

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
                window.stateAt(now));
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
