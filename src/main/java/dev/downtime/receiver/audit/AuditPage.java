package dev.downtime.receiver.audit;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.ConsoleForms;
import dev.downtime.receiver.web.ConsolePage;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's Audit page, for admins: who changed what, newest first, as the admin API lists it. */
@Controller
@ConsolePage
@RequiresRole(Role.ADMIN)
class AuditPage {

    private static final int PAGE_SIZE = 50;

    private final AuditLog audit;

    AuditPage(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/console/audit")
    String list(
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        model.addAttribute(
                "events",
                audit.find(
                                null,
                                ConsoleForms.text(actor),
                                ConsoleForms.text(action),
                                null,
                                null,
                                Math.max(0, page),
                                PAGE_SIZE)
                        .map(AuditRow::of));
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        return "console/audit";
    }

    /** @param before the subject before the change, as the JSON the audit log stored */
    record AuditRow(
            long id,
            Instant occurredAt,
            String actor,
            String action,
            String subjectType,
            UUID subjectId,
            @Nullable String before,
            @Nullable String after) {

        static AuditRow of(AuditEvent event) {
            return new AuditRow(
                    event.id(),
                    event.occurredAt(),
                    event.actor(),
                    event.action(),
                    event.subjectType(),
                    event.subjectId(),
                    event.beforeJson(),
                    event.afterJson());
        }
    }
}
