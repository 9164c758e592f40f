package dev.downtime.receiver.verification;

import dev.downtime.receiver.net.IpAddress;
import dev.downtime.receiver.net.SpecialPurposeAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides whether the service may connect to a site, and to which address, before any connection
 * is made (SSRF guard): http or https only, allowed ports only, optionally allowed domains only; the
 * name resolved here, once, and every address it resolves to vetted against the ranges of the IANA
 * special-purpose registries that are not globally reachable ({@link SpecialPurposeAddresses}). The check then connects to the vetted address, so a second DNS
 * answer cannot redirect it.
 */
final class TargetGuard {

    /** What to connect to: the vetted address, and the name for Host, SNI and certificate checks. */
    record Target(String scheme, String host, InetAddress address, int port) {}

    /** Hosts made of numbers only, in any base: decimal, octal or hex spellings of an address. */
    private static final Pattern NUMERIC_HOST =
            Pattern.compile("((0x[0-9a-f]*)|[0-9]+)(\\.((0x[0-9a-f]*)|[0-9]+))*\\.?");

    private final HostResolver resolver;
    private final List<Integer> allowedPorts;
    private final List<String> allowedDomains;
    private final boolean allowInternal;
    private final Predicate<InetAddress> alsoAllowed;
    private final Duration timeout;

    TargetGuard(VerificationProperties properties, HostResolver resolver) {
        this(properties, resolver, address -> false);
    }

    /** @param alsoAllowed addresses allowed despite the rules; for tests that need a reachable server */
    TargetGuard(VerificationProperties properties, HostResolver resolver, Predicate<InetAddress> alsoAllowed) {
        this.resolver = resolver;
        this.allowedPorts = List.copyOf(properties.allowedPorts());
        this.allowedDomains = properties.allowedDomains().stream()
                .map(domain -> domain.strip().toLowerCase(Locale.ROOT))
                .toList();
        this.allowInternal = properties.allowInternalAddresses();
        this.alsoAllowed = alsoAllowed;
        this.timeout = properties.timeout();
    }

    /** A name lookup that did not answer before the check's deadline. */
    static final class LookupTimedOut extends UnknownHostException {
        LookupTimedOut(String message) {
            super(message);
        }
    }

    /** Vets a target within the configured timeout. */
    Target vet(String scheme, String rawHost, int port) throws BlockedTargetException, UnknownHostException {
        return vet(scheme, rawHost, port, System.nanoTime() + timeout.toNanos());
    }

    /**
     * @param deadline {@link System#nanoTime()} by which the name must have resolved
     * @throws LookupTimedOut when it has not
     */
    Target vet(String scheme, String rawHost, int port, long deadline)
            throws BlockedTargetException, UnknownHostException {
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BlockedTargetException("scheme " + scheme + " is not checked");
        }
        if (!allowedPorts.contains(port)) {
            throw new BlockedTargetException("port " + port + " is not an allowed port");
        }
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        // The standard spellings only: IPv4 dotted decimal without leading zeros, IPv6 in brackets.
        Optional<IpAddress> literal = IpAddress.parse(host);
        if (literal.isEmpty() && host.startsWith("[")) {
            throw new BlockedTargetException("invalid IP address");
        }
        if (literal.isEmpty() && (NUMERIC_HOST.matcher(host).matches() || host.contains(":"))) {
            // "2130706433", "0177.0.0.1", "0x7f.1": other programs read these as addresses.
            throw new BlockedTargetException("ambiguous numeric host");
        }
        if (literal.isEmpty()) {
            checkDomain(host);
            List<InetAddress> addresses = resolve(host, deadline);
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            for (InetAddress candidate : addresses) {
                // Any bad answer condemns the name: DNS may hand out either at the next lookup.
                checkAddress(candidate, IpAddress.of(candidate));
            }
            return new Target(scheme, host, addresses.getFirst(), port);
        }
        if (!allowedDomains.isEmpty()) {
            throw new BlockedTargetException("IP addresses are not in the allowed domains");
        }
        InetAddress address = literal.get().toInetAddress();
        checkAddress(address, literal.get());
        return new Target(scheme, host, address, port);
    }

    /**
     * The system resolver has no time limit of its own that we control (it follows resolv.conf,
     * retries included): the lookup runs on a virtual thread and is abandoned at the deadline.
     */
    private List<InetAddress> resolve(String host, long deadline) throws UnknownHostException {
        FutureTask<List<InetAddress>> lookup = new FutureTask<>(() -> resolver.resolve(host));
        Thread.ofVirtual().name("name-lookup").start(lookup);
        try {
            return lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new LookupTimedOut("name lookup did not finish within the timeout");
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new LookupTimedOut("interrupted during the name lookup");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("name lookup failed", e.getCause());
        }
    }

    private void checkDomain(String host) throws BlockedTargetException {
        if (allowedDomains.isEmpty()) {
            return;
        }
        for (String domain : allowedDomains) {
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return;
            }
        }
        throw new BlockedTargetException("domain is not in receiver.verification.allowed-domains");
    }

    /** @param parsed the address as written or resolved: an IPv4-mapped literal stays IPv6 here */
    private void checkAddress(InetAddress address, IpAddress parsed) throws BlockedTargetException {
        if (alsoAllowed.test(address) || allowInternal) {
            return;
        }
        Optional<String> range = SpecialPurposeAddresses.notGloballyReachable(parsed);
        if (range.isPresent()) {
            throw new BlockedTargetException("resolves to an internal address (" + range.get() + ")");
        }
    }

    /** Whether an address is on the public internet, as far as the IANA special-purpose registries tell. */
    static boolean isPublic(InetAddress address) {
        return SpecialPurposeAddresses.isGloballyReachable(IpAddress.of(address));
    }
}
