package dev.downtime.receiver.contract;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar downtime-receiver.jar check <endpoint-url>}: posts Monitor-like notifications
 * to a webhook endpoint and tells whether each answer follows the contract of Monitor's spec.
 */
public final class ContractCheckCommand {

    /** The first argument that selects this command instead of the service. */
    public static final String NAME = "check";

    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private ContractCheckCommand() {}

    /** Runs the check with the arguments that follow {@code check}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(List.of(args), out, err, Clock.systemUTC());
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        CheckOptions options;
        try {
            options = CheckOptions.parse(args);
        } catch (CheckOptions.UsageException e) {
            err.println("check: " + e.getMessage());
            err.println("Run 'check --help' for usage.");
            return USAGE;
        }
        if (options == null) {
            out.print(help());
            out.flush();
            return PASSED;
        }
        List<Variant> variants = Variant.monitorLike(clock.instant(), options.siteUrl(), options.host());
        List<Verdict> verdicts = new EndpointCheck(clock, options.timeout()).run(options.endpoint(), variants);
        out.print(options.json() ? CheckReport.json(options, verdicts) : CheckReport.text(options, verdicts));
        out.flush();
        return verdicts.stream().allMatch(Verdict::passed) ? PASSED : FAILED;
    }

    static String help() {
        StringBuilder help = new StringBuilder("""
                Usage: java -jar downtime-receiver.jar check [options] <endpoint-url>
                       docker run --rm downtime-receiver:0.1.0 check [options] <endpoint-url>

                Posts Monitor-like downtime notifications to <endpoint-url>, the full URL Jetpack
                Monitor would call (with its path token, if any), one after the other, and tells
                for each whether the answer follows the contract of Monitor's downtime webhook:
                HTTP 200, a body of exactly "ok" or a UTC time yyyy-MM-ddTHH:mm:ssZ that is still
                to come, within the time limit. Works against any implementation; needs no database.

                Options:
                  --url-under-test <url>  the site URL in the notifications (default http://example.com)
                  --host <slug>           the host slug in them (default example)
                  --timeout <duration>    how long an answer may take: 5s, 500ms, 1m (default 5s)
                  --json                  print the results as JSON, for scripts
                  -h, --help              print this help

                Exit status: 0 when every answer follows the contract, 1 when one does not,
                2 when the command line is wrong.

                The endpoint records these notifications as it would Monitor's, and may open an
                incident (closed again by the last one, a recovery) or alert for the site: point
                --url-under-test at a site of yours that is not in production use.

                Notifications sent:
                """);
        for (Variant variant : Variant.monitorLike(Instant.EPOCH, CheckOptions.DEFAULT_SITE_URL, "")) {
            help.append(String.format(Locale.ROOT, "  %-20s %s\n", variant.name(), variant.description()));
        }
        return help.toString();
    }
}
