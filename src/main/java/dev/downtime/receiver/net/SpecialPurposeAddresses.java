package dev.downtime.receiver.net;

import inet.ipaddr.ipv4.IPv4Address;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges that are not globally reachable, from the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries (RFC 6890 and later additions), plus multicast and, for IPv6, everything
 * outside global unicast ({@code 2000::/3}). Used to keep the service's own checks away from
 * internal networks (SSRF).
 *
 * <p>Two registry entries carry an IPv4 address inside an IPv6 one and are judged by it: the NAT64
 * well-known prefix {@code 64:ff9b::/96} (globally reachable when the IPv4 address is) and 6to4
 * {@code 2002::/16}. Where the registry marks a few addresses inside a blocked range as globally
 * reachable (the anycast addresses in {@code 192.0.0.0/24} and {@code 2001::/23}), the whole range
 * is blocked all the same: no web site lives on them.
 */
public final class SpecialPurposeAddresses {

    private record Range(AddressBlock block, String name) {
        Range(String cidr, String name) {
            this(AddressBlock.parse(cidr), name);
        }

        @Override
        public String toString() {
            return block + " " + name;
        }
    }

    private static final List<Range> IPV4 = List.of(
            new Range("0.0.0.0/8", "This network"),
            new Range("0.0.0.0/32", "This host on this network"),
            new Range("10.0.0.0/8", "Private-Use"),
            new Range("100.64.0.0/10", "Shared Address Space"),
            new Range("127.0.0.0/8", "Loopback"),
            new Range("169.254.0.0/16", "Link Local"),
            new Range("172.16.0.0/12", "Private-Use"),
            new Range("192.0.0.0/24", "IETF Protocol Assignments"),
            new Range("192.0.0.0/29", "IPv4 Service Continuity Prefix"),
            new Range("192.0.0.8/32", "IPv4 dummy address"),
            new Range("192.0.0.170/32", "NAT64/DNS64 Discovery"),
            new Range("192.0.0.171/32", "NAT64/DNS64 Discovery"),
            new Range("192.0.2.0/24", "Documentation (TEST-NET-1)"),
            new Range("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)"),
            new Range("192.168.0.0/16", "Private-Use"),
            new Range("198.18.0.0/15", "Benchmarking"),
            new Range("198.51.100.0/24", "Documentation (TEST-NET-2)"),
            new Range("203.0.113.0/24", "Documentation (TEST-NET-3)"),
            new Range("224.0.0.0/4", "Multicast"),
            new Range("240.0.0.0/4", "Reserved"),
            new Range("255.255.255.255/32", "Limited Broadcast"));

    private static final List<Range> IPV6 = List.of(
            new Range("::/128", "Unspecified Address"),
            new Range("::1/128", "Loopback Address"),
            new Range("::ffff:0:0/96", "IPv4-mapped Address"),
            new Range("::ffff:0:0:0/96", "IPv4-translated Address (RFC 2765)"),
            new Range("64:ff9b:1::/48", "IPv4-IPv6 Translat. (local use)"),
            new Range("100::/64", "Discard-Only Address Block"),
            new Range("100:0:0:1::/64", "Dummy IPv6 Prefix"),
            new Range("2001::/23", "IETF Protocol Assignments"),
            new Range("2001::/32", "TEREDO"),
            new Range("2001:2::/48", "Benchmarking"),
            new Range("2001:10::/28", "Deprecated (previously ORCHID)"),
            new Range("2001:db8::/32", "Documentation"),
            new Range("3fff::/20", "Documentation"),
            new Range("5f00::/16", "Segment Routing (SRv6) SIDs"),
            new Range("fc00::/7", "Unique-Local"),
            new Range("fe80::/10", "Link-Local Unicast"),
            new Range("fec0::/10", "Site-Local (deprecated)"),
            new Range("ff00::/8", "Multicast"));

    private static final AddressBlock GLOBAL_UNICAST = AddressBlock.parse("2000::/3");
    private static final AddressBlock NAT64 = AddressBlock.parse("64:ff9b::/96");
    private static final AddressBlock SIX_TO_FOUR = AddressBlock.parse("2002::/16");

    private SpecialPurposeAddresses() {}

    /** Whether the address can be reached on the public internet, as far as the registries tell. */
    public static boolean isGloballyReachable(IpAddress address) {
        return notGloballyReachable(address).isEmpty();
    }

    /**
     * Returns why the address is not globally reachable: the most specific range holding it, as
     * {@code 198.18.0.0/15 Benchmarking}; empty when it is globally reachable.
     */
    public static Optional<String> notGloballyReachable(IpAddress address) {
        if (!address.isIpv6()) {
            return mostSpecific(IPV4, address);
        }
        Optional<String> listed = mostSpecific(IPV6, address);
        if (listed.isPresent()) {
            return listed;
        }
        byte[] bytes = address.value().getBytes();
        if (NAT64.contains(address)) {
            return embedded(bytes, 12, "64:ff9b::/96 NAT64 of ");
        }
        if (SIX_TO_FOUR.contains(address)) {
            return embedded(bytes, 2, "2002::/16 6to4 of ");
        }
        if (!GLOBAL_UNICAST.contains(address)) {
            return Optional.of("outside 2000::/3 global unicast");
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] v6, int offset, String via) {
        byte[] v4 = new byte[4];
        System.arraycopy(v6, offset, v4, 0, 4);
        return mostSpecific(IPV4, new IpAddress(new IPv4Address(v4))).map(reason -> via + reason);
    }

    private static Optional<String> mostSpecific(List<Range> ranges, IpAddress address) {
        Range found = null;
        for (Range range : ranges) {
            if (range.block().contains(address)
                    && (found == null
                            || range.block().prefixLength() > found.block().prefixLength())) {
                found = range;
            }
        }
        return Optional.ofNullable(found).map(Range::toString);
    }
}
