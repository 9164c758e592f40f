package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.ConsoleForms;
import dev.downtime.receiver.web.ConsolePage;
import dev.downtime.receiver.web.FieldViolation;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    private final WindowBatches batches;
    private final MaintenanceProperties properties;
    private final Clock clock;

    WindowPages(MaintenanceWindows windows, WindowBatches batches, MaintenanceProperties properties, Clock clock) {
        this.windows = windows;
        this.batches = batches;
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
     * Plans a window; with {@code preview} (the form's second button), only shows what it would
     * cover, with the form still filled in.
     *
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
            @RequestParam(required = false) @Nullable String preview,
            Operator operator,
            Model model,
            RedirectAttributes redirect) {
        WindowRequest request = request(scope, target, startsAt, endsAt, minutes, reason);
        if (preview != null) {
            model.addAttribute("preview", windows.previewCreate(request));
            model.addAttribute("form", new PlanForm(scope.wireName(), target, startsAt, endsAt, minutes, reason));
            return list(null, null, 0, model);
        }
        MaintenanceWindow window = windows.create(request, operator.name());
        redirect.addFlashAttribute("done", "Window planned.");
        return "redirect:/console/windows/" + window.id();
    }

    /** The values of the plan form, to fill it in again after a preview. */
    record PlanForm(
            String scope,
            String target,
            @Nullable String startsAt,
            @Nullable String endsAt,
            @Nullable String minutes,
            @Nullable String reason) {}

    private WindowRequest request(
            WindowScope scope,
            String target,
            @Nullable String startsAt,
            @Nullable String endsAt,
            @Nullable String minutes,
            @Nullable String reason) {
        Instant start = ConsoleForms.instant("startsAt", startsAt);
        Instant end = ConsoleForms.instant("endsAt", endsAt);
        Duration length = ConsoleForms.minutes("minutes", minutes, properties.maxWindowLength());
        if ((end == null) == (length == null)) {
            throw InvalidRequestException.of("endsAt", "give either an end or a length in minutes, not both");
        }
        if (end == null) {
            end = (start != null ? start : clock.instant()).plus(length);
        }
        return new WindowRequest(scope, target, start, end, ConsoleForms.text(reason));
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

    /** The bulk page: windows to create, one a line ({@link #parseLines}). */
    @GetMapping("/bulk")
    @RequiresRole(Role.EDITOR)
    String bulkForm() {
        return "console/bulk";
    }

    /**
     * A bulk change through {@link WindowBatches}, as the admin API's: without {@code confirm}, a
     * dry run that shows what would change and asks to confirm; with it, all or nothing. The
     * windows list sends the ticked windows as {@code id} with {@code action} end or delete; the
     * dry run's page sends them back as {@code end} and {@code delete}.
     */
    @PostMapping("/bulk")
    @RequiresRole(Role.EDITOR)
    String bulk(
            @RequestParam(required = false) @Nullable List<UUID> id,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable List<UUID> end,
            @RequestParam(required = false) @Nullable List<UUID> delete,
            @RequestParam(required = false) @Nullable String lines,
            @RequestParam(defaultValue = "false") boolean confirm,
            Operator operator,
            Model model,
            RedirectAttributes redirect) {
        List<UUID> ends = new ArrayList<>(end == null ? List.of() : end);
        List<UUID> deletes = new ArrayList<>(delete == null ? List.of() : delete);
        if (id != null && !id.isEmpty()) {
            switch (action == null ? "" : action) {
                case "end" -> ends.addAll(id);
                case "delete" -> deletes.addAll(id);
                default -> throw InvalidRequestException.of("action", "must be end or delete");
            }
        }
        String text = lines == null ? "" : lines;
        List<WindowRequest> creates = parseLines(text);
        if (creates.isEmpty() && ends.isEmpty() && deletes.isEmpty()) {
            throw InvalidRequestException.of("id", "tick at least one window, or give a window to create");
        }
        BulkRequest request = new BulkRequest(creates, ends, deletes);
        BulkResponse result;
        try {
            result = batches.bulk(request, !confirm, operator.name());
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(e.violations().stream()
                    .map(violation -> named(violation, ends, deletes))
                    .toList());
        }
        if (!confirm) {
            model.addAttribute("result", result);
            model.addAttribute("lines", text);
            return "console/bulk";
        }
        redirect.addFlashAttribute(
                "done",
                "Done: " + result.created().size() + " created, "
                        + result.ended().size() + " ended, " + result.deleted().size() + " deleted.");
        redirect.addFlashAttribute(
                "changed",
                Stream.of(result.created(), result.ended(), result.deleted())
                        .flatMap(List::stream)
                        .map(WindowResponse::target)
                        .toList());
        return "redirect:/console/windows/bulk";
    }

    private static final Pattern ITEM = Pattern.compile("(end|delete)\\[(\\d+)\\]");

    /** Adds the window's target to a problem with an item to end or delete, which names it by index. */
    private FieldViolation named(FieldViolation violation, List<UUID> ends, List<UUID> deletes) {
        Matcher item = ITEM.matcher(violation.field());
        if (!item.matches()) {
            return violation;
        }
        List<UUID> ids = item.group(1).equals("end") ? ends : deletes;
        int index = Integer.parseInt(item.group(2));
        if (index >= ids.size()) {
            return violation;
        }
        String window;
        try {
            window = windows.get(ids.get(index)).target();
        } catch (WindowNotFoundException e) {
            window = ids.get(index).toString();
        }
        return new FieldViolation(violation.field() + " (" + window + ")", violation.message());
    }

    /**
     * The windows to create of the bulk page, one a non-blank line, {@code create[0]} the first:
     * {@code scope target starts ends [reason…]}, separated by spaces, where {@code starts} is
     * {@code now} or a time (UTC) and {@code ends} a time or a length such as {@code 90m}.
     */
    private List<WindowRequest> parseLines(String text) {
        List<WindowRequest> creates = new ArrayList<>();
        List<FieldViolation> violations = new ArrayList<>();
        for (String line :
                text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String field = "create[" + creates.size() + "]";
            String[] parts = line.split("\\s+", 5);
            if (parts.length < 4) {
                violations.add(new FieldViolation(field, "needs scope, target, starts and ends: " + line));
                creates.add(new WindowRequest(WindowScope.URL, "-", null, Instant.EPOCH, null));
                continue;
            }
            try {
                WindowScope scope = WindowScope.fromWireName(parts[0]);
                Instant start =
                        parts[2].equalsIgnoreCase("now") ? null : ConsoleForms.instant(field + ".startsAt", parts[2]);
                Instant end;
                if (parts[3].matches("\\d+m")) {
                    Duration length = ConsoleForms.minutes(
                            field + ".endsAt",
                            parts[3].substring(0, parts[3].length() - 1),
                            properties.maxWindowLength());
                    end = (start != null ? start : clock.instant()).plus(Objects.requireNonNull(length));
                } else {
                    end = Objects.requireNonNull(ConsoleForms.instant(field + ".endsAt", parts[3]));
                }
                creates.add(new WindowRequest(scope, parts[1], start, end, parts.length > 4 ? parts[4] : null));
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation(field + ".scope", "must be one of url, domain, host, selector"));
                creates.add(new WindowRequest(WindowScope.URL, "-", null, Instant.EPOCH, null));
            } catch (InvalidRequestException e) {
                violations.addAll(e.violations());
                creates.add(new WindowRequest(WindowScope.URL, "-", null, Instant.EPOCH, null));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return creates;
    }
}
