package dev.downtime.receiver.console;

import dev.downtime.receiver.web.ConsolePage;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
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

    private final ObjectProvider<ClientRegistrationRepository> companyLogins;

    SignInPage(ObjectProvider<ClientRegistrationRepository> companyLogins) {
        this.companyLogins = companyLogins;
    }

    @GetMapping(ConsoleSecurityConfiguration.SIGN_IN)
    @PermitAll
    String signIn(Model model) {
        List<CompanyLoginLink> links = new ArrayList<>();
        if (companyLogins.getIfAvailable() instanceof Iterable<?> registrations) {
            for (Object registration : registrations) {
                if (registration instanceof ClientRegistration client) {
                    links.add(new CompanyLoginLink(
                            ConsoleSecurityConfiguration.COMPANY_LOGIN + "/" + client.getRegistrationId(),
                            client.getClientName()));
                }
            }
        }
        model.addAttribute("companyLogins", links);
        return "console/sign-in";
    }

    record CompanyLoginLink(String path, String name) {}

    /** Forwarded to by Spring Security: a role too weak, or a form posted without its CSRF token. */
    @RequestMapping("/console/denied")
    @PermitAll
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied() {
        return "console/denied";
    }
}
