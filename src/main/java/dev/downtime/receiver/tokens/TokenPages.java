package dev.downtime.receiver.tokens;

import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.ConsolePage;
import dev.downtime.receiver.web.InvalidRequestException;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's Tokens page, for admins: issue a per-person token (its secret shown once, in the
 * answer to the form, never again) and revoke one, through {@link StoredTokens} as the API does.
 */
@Controller
@ConsolePage
@RequestMapping("/console/tokens")
@RequiresRole(Role.ADMIN)
class TokenPages {

    private final StoredTokens tokens;

    TokenPages(StoredTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("tokens", tokens.list());
        model.addAttribute("roles", Arrays.asList(Role.values()));
        return "console/tokens";
    }

    /** Answers with the page itself, not a redirect, so that the secret is never stored to be shown again. */
    @PostMapping
    String issue(@RequestParam String name, @RequestParam String role, Operator operator, Model model) {
        Role granted;
        try {
            granted = Role.fromWireName(role);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("role", "must be one of viewer, editor, admin");
        }
        StoredTokens.IssuedToken issued = tokens.issue(name, granted, operator.name());
        model.addAttribute("issued", issued);
        return list(model);
    }

    @PostMapping("/{id}/revoke")
    String revoke(@PathVariable UUID id, Operator operator, RedirectAttributes redirect) {
        StoredTokens.Token revoked = tokens.revoke(id, operator.name());
        redirect.addFlashAttribute("done", "Token '" + revoked.name() + "' revoked.");
        return "redirect:/console/tokens";
    }
}
