package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.ConsoleForms;
import dev.downtime.receiver.web.ConsolePage;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's Windows pages: list and plan windows, then extend, end or delete one. Every action
 * goes through {@link MaintenanceWindows}, as the admin API's does, so it is validated and audited
 * the same way; the version a page was loaded with guards against a change made meanwhile.
 */
@Controller
@ConsolePage
@RequestMapping("/console/windows")
@RequiresRole(Role.VIEWER)
class WindowPages {

    private static final int PAGE_SIZE = 25;

    private final MaintenanceWindows windows;
    private final MaintenanceProperties properties;
    private final Clock clock;

    WindowPages(MaintenanceWindows windows, MaintenanceProperties properties, Clock clock) {
        this.windows = windows;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping
    String list(
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String target,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        Instant now = clock.instant();
        // The form's "any" sends an empty value.
        String chosen = ConsoleForms.text(state);
        WindowState inState = chosen == null ? null : stateOf(chosen);
        Page<WindowResponse> shown = windows.list(
                        inState, null, ConsoleForms.text(target), null, Math.max(0, page), PAGE_SIZE)
                .map(window -> WindowResponse.of(window, now));
        model.addAttribute("windows", shown);
        model.addAttribute("states", Arrays.asList(WindowState.values()));
        model.addAttribute("scopes", Arrays.asList(WindowScope.values()));
        model.addAttribute("state", state);
        model.addAttribute("target", target);
        model.addAttribute("now", now);
        return "console/windows";
    }

    private static WindowState stateOf(String state) {
        try {
            return WindowState.fromWireName(state.strip());
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("state", "must be one of upcoming, active, ended");
        }
    }

    @GetMapping("/{id}")
    String get(@PathVariable UUID id, Model model) {
        MaintenanceWindow window = windows.get(id);
        model.addAttribute("window", WindowResponse.of(window, clock.instant()));
        model.addAttribute("version", Objects.requireNonNull(window.version()));
        return "console/window";
    }

    /**
     * @param minutes how long from its start, instead of {@code endsAt}
     * @param startsAt blank for now
     */
    @PostMapping
    @RequiresRole(Role.EDITOR)
    String create(
            @RequestParam WindowScope scope,
            @RequestParam String target,
            @RequestParam(required = false) @Nullable String startsAt,
            @RequestParam(required = false) @Nullable String endsAt,
            @RequestParam(required = false) @Nullable String minutes,
            @RequestParam(required = false) @Nullable String reason,
            Operator operator,
            RedirectAttributes redirect) {
        Instant start = ConsoleForms.instant("startsAt", startsAt);
        Instant end = ConsoleForms.instant("endsAt", endsAt);
        Duration length = ConsoleForms.minutes("minutes", minutes, properties.maxWindowLength());
        if ((end == null) == (length == null)) {
            throw InvalidRequestException.of("endsAt", "give either an end or a length in minutes, not both");
        }
        if (end == null) {
            end = (start != null ? start : clock.instant()).plus(length);
        }
        MaintenanceWindow window = windows.create(
                new WindowRequest(scope, target, start, end, ConsoleForms.text(reason)), operator.name());
        redirect.addFlashAttribute("done", "Window planned.");
        return "redirect:/console/windows/" + window.id();
    }

    /** Moves the end later by {@code minutes}, keeping the start. */
    @PostMapping("/{id}/extend")
    @RequiresRole(Role.EDITOR)
    String extend(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String minutes,
            @RequestParam(required = false) @Nullable String version,
            Operator operator,
            RedirectAttributes redirect) {
        Duration length = ConsoleForms.minutes("minutes", minutes, properties.maxWindowLength());
        if (length == null) {
            throw InvalidRequestException.of("minutes", "must be given");
        }
        MaintenanceWindow window = windows.get(id);
        if (window.recurrence().isPresent()) {
            throw InvalidRequestException.of(
                    "minutes", "a recurring window is changed through its series (the admin API), not extended here");
        }
        windows.reschedule(
                id,
                new WindowRequest(
                        window.scope(),
                        window.target(),
                        window.startsAt(),
                        window.endsAt().plus(length),
                        window.reason()),
                operator.name(),
                ConsoleForms.version(version),
                false);
        redirect.addFlashAttribute("done", "Window extended by " + length.toMinutes() + " minutes.");
        return "redirect:/console/windows/" + id;
    }

    @PostMapping("/{id}/end")
    @RequiresRole(Role.EDITOR)
    String end(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String version,
            @RequestParam(defaultValue = "false") boolean confirm,
            Operator operator,
            RedirectAttributes redirect) {
        windows.end(id, null, operator.name(), ConsoleForms.version(version), confirm);
        redirect.addFlashAttribute("done", "Window ended.");
        return "redirect:/console/windows/" + id;
    }

    @PostMapping("/{id}/delete")
    @RequiresRole(Role.EDITOR)
    String delete(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String version,
            @RequestParam(defaultValue = "false") boolean confirm,
            Operator operator,
            RedirectAttributes redirect) {
        windows.delete(id, operator.name(), ConsoleForms.version(version), confirm);
        redirect.addFlashAttribute("done", "Window deleted.");
        return "redirect:/console/windows";
    }
}
