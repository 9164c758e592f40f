package dev.downtime.receiver.verification;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides whether the service may connect to a site, and to which address, before any connection
 * is made (SSRF guard): http or https only, allowed ports only, optionally allowed domains only; the
 * name resolved here, once, and every address it resolves to vetted against loopback, private,
 * link-local, CGNAT, unique-local, multicast, unspecified and reserved ranges, including IPv4
 * forms hidden in IPv6 addresses. The check then connects to the vetted address, so a second DNS
 * answer cannot redirect it.
 */
final class TargetGuard {

    /** What to connect to: the vetted address, and the name for Host, SNI and certificate checks. */
    record Target(String scheme, String host, InetAddress address, int port) {}

    /** Four decimal numbers without leading zeros: the one spelling of an IPv4 address taken as is. */
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
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
        InetAddress address;
        if (host.startsWith("[") && host.endsWith("]")) {
            address = literal(host.substring(1, host.length() - 1));
        } else if (DOTTED_QUAD.matcher(host).matches()) {
            address = literal(host);
        } else if (NUMERIC_HOST.matcher(host).matches() || host.contains(":")) {
            // "2130706433", "0177.0.0.1", "0x7f.1": other programs read these as addresses.
            throw new BlockedTargetException("ambiguous numeric host");
        } else {
            checkDomain(host);
            List<InetAddress> addresses = resolve(host, deadline);
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            for (InetAddress candidate : addresses) {
                // Any bad answer condemns the name: DNS may hand out either at the next lookup.
                checkAddress(candidate);
            }
            return new Target(scheme, host, addresses.getFirst(), port);
        }
        if (!allowedDomains.isEmpty()) {
            throw new BlockedTargetException("IP addresses are not in the allowed domains");
        }
        checkAddress(address);
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

    private void checkAddress(InetAddress address) throws BlockedTargetException {
        if (alsoAllowed.test(address) || allowInternal) {
            return;
        }
        if (!isPublic(address)) {
            throw new BlockedTargetException("resolves to an internal address");
        }
    }

    private static InetAddress literal(String text) throws BlockedTargetException {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new BlockedTargetException("invalid IP address");
        }
    }

    /** Whether an address is on the public internet, as far as the ranges below tell. */
    static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            Inet4Address embedded = embeddedIpv4(bytes);
            if (embedded != null) {
                return isPublic(embedded);
            }
            int first = bytes[0] & 0xff;
            return !(v6.isAnyLocalAddress()
                    || v6.isLoopbackAddress()
                    || v6.isLinkLocalAddress()
                    || v6.isSiteLocalAddress()
                    || v6.isMulticastAddress()
                    || (first & 0xfe) == 0xfc); // fc00::/7 unique-local
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return !(address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()
                || a0 == 0 // 0.0.0.0/8 "this network"
                || a0 == 127
                || (a0 == 100 && (a1 & 0xc0) == 64) // 100.64.0.0/10 CGNAT
                || (a0 == 169 && a1 == 254)
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24 protocol assignments
                || a0 >= 240); // 240.0.0.0/4 reserved, and broadcast
    }

    /**
     * The IPv4 address an IPv6 address carries: IPv4-mapped ({@code ::ffff:a.b.c.d}),
     * IPv4-compatible ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::/96}) or 6to4 ({@code 2002::/16}).
     */
    private static Inet4Address embeddedIpv4(byte[] v6) {
        byte[] v4 = null;
        if (allZero(v6, 0, 10) && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
            v4 = Arrays.copyOfRange(v6, 12, 16);
        } else if (allZero(v6, 0, 12) && !allZero(v6, 12, 16) && !(allZero(v6, 12, 15) && v6[15] == 1)) {
            v4 = Arrays.copyOfRange(v6, 12, 16);
        } else if ((v6[0] & 0xff) == 0x00
                && (v6[1] & 0xff) == 0x64
                && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b
                && allZero(v6, 4, 12)) {
            v4 = Arrays.copyOfRange(v6, 12, 16);
        } else if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            v4 = Arrays.copyOfRange(v6, 2, 6);
        }
        if (v4 == null) {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes always make an IPv4 address", e);
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
