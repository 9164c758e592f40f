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
@RequestMapping("/api/v1/maintenance-windows")
@RequiresRole(Role.VIEWER)
class MaintenanceWindowController {

    private final MaintenanceWindows windows;
    private final Clock clock;

    MaintenanceWindowController(MaintenanceWindows windows, Clock clock) {
        this.windows = windows;
        this.clock = clock;
    }

    @PostMapping
    @RequiresRole(Role.EDITOR)
    ResponseEntity<WindowResponse> create(@Valid @RequestBody WindowRequest request, Operator operator) {
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
    ResponseEntity<WindowResponse> reschedule(
            @PathVariable UUID id,
            @Valid @RequestBody WindowRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            Operator operator) {
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
