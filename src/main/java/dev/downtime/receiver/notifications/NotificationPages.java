package dev.downtime.receiver.notifications;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.ConsoleForms;
import dev.downtime.receiver.web.ConsolePage;
import dev.downtime.receiver.web.InvalidRequestException;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's Notifications page: search what Monitor reported, with the filters of the admin API. */
@Controller
@ConsolePage
@RequiresRole(Role.VIEWER)
class NotificationPages {

    private static final int PAGE_SIZE = 50;

    private final NotificationSearch search;

    NotificationPages(NotificationSearch search) {
        this.search = search;
    }

    /** Each filter is optional; a blank field (as an empty form sends it) is no filter. */
    @GetMapping("/console/notifications")
    String search(
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(required = false) @Nullable String host,
            @RequestParam(required = false) @Nullable String code,
            @RequestParam(required = false) @Nullable String since,
            @RequestParam(required = false) @Nullable String until,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        String codes = ConsoleForms.text(code);
        if (codes != null && !codes.matches("\\d{1,3}|\\d[xX]{2}")) {
            throw InvalidRequestException.of("code", "must be a status code such as 503 or a class such as 5xx");
        }
        var filter = new NotificationSearch.NotificationFilter(
                NotificationController.normalize(ConsoleForms.text(url)),
                ConsoleForms.text(host),
                NotificationController.codeRange(codes),
                ConsoleForms.instant("since", since),
                ConsoleForms.instant("until", until));
        model.addAttribute("notifications", search.find(filter, PageRequest.of(Math.max(0, page), PAGE_SIZE)));
        model.addAttribute("url", url);
        model.addAttribute("host", host);
        model.addAttribute("code", code);
        model.addAttribute("since", since);
        model.addAttribute("until", until);
        return "console/notifications";
    }
}
