package dev.downtime.receiver.webhook;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.ConsoleForms;
import dev.downtime.receiver.web.ConsolePage;
import dev.downtime.receiver.web.InvalidRequestException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's decision explainer: what the webhook would answer now for a site, and which windows decide it. */
@Controller
@ConsolePage
@RequiresRole(Role.VIEWER)
class DecisionPage {

    private final WebhookDecider decider;

    DecisionPage(WebhookDecider decider) {
        this.decider = decider;
    }

    @GetMapping("/console/decision")
    String explain(
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(required = false) @Nullable String host,
            @RequestParam(required = false) @Nullable String code,
            Model model) {
        String site = ConsoleForms.text(url);
        if (site == null) {
            throw InvalidRequestException.of("url", "must be given");
        }
        model.addAttribute(
                "decision", DecisionController.explain(decider, site, ConsoleForms.text(host), code(code), null));
        return "console/decision";
    }

    /** Omitted means a failure (0, a timeout), as in the admin API. */
    private static int code(@Nullable String code) {
        String text = ConsoleForms.text(code);
        if (text == null) {
            return 0;
        }
        if (!text.matches("\\d{1,3}")) {
            throw InvalidRequestException.of("code", "must be a status code from 0 to 999");
        }
        return Integer.parseInt(text);
    }
}
