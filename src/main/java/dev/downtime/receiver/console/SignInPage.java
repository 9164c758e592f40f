package dev.downtime.receiver.console;

import dev.downtime.receiver.web.ConsolePage;
import jakarta.annotation.security.PermitAll;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The sign-in form (Spring Security handles what it posts and the sign-out), and the page shown
 * when a signed-in operator's role does not allow a page or an action.
 */
@Controller
@ConsolePage
class SignInPage {

    @GetMapping(ConsoleSecurityConfiguration.SIGN_IN)
    @PermitAll
    String signIn() {
        return "console/sign-in";
    }

    /** Forwarded to by Spring Security: a role too weak, or a form posted without its CSRF token. */
    @RequestMapping("/console/denied")
    @PermitAll
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied() {
        return "console/denied";
    }
}
