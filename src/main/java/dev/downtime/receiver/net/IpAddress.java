package dev.downtime.receiver.net;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One IP address, IPv4 or IPv6, read from text by the service's one parser or taken from a socket.
 *
 * <p>Only the standard spellings are read: IPv4 as four decimal numbers without leading zeros
 * ({@code 192.0.2.1}, never {@code 0300.0.2.1}, {@code 3221225985} or {@code 192.2.1}, which other
 * programs read as other addresses); IPv6 as RFC 4291 writes it, optionally in brackets as in URLs,
 * never with a zone ({@code %eth0}). An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) stays
 * IPv6: {@link SpecialPurposeAddresses} knows it is not globally reachable, {@link AddressBlock}
 * places it in the IPv4 block of its embedded address.
 */
public final class IpAddress {

    static final IPAddressStringParameters ADDRESS = strict();

    private static IPAddressStringParameters strict() {
        var builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowAll(false)
                .allowSingleSegment(false)
                .allowMask(false)
                .allowPrefix(false)
                .allowWildcardedSeparator(false)
                .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE);
        builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allow_inet_aton(false);
        var ipv6 = builder.getIPv6AddressParametersBuilder().allowZone(false);
        // The IPv4 address written at the end of an IPv6 one (::ffff:192.0.2.1) follows the same rules.
        ipv6.getEmbeddedIPv4AddressParametersBuilder().allowLeadingZeros(false).allow_inet_aton(false);
        return builder.toParams();
    }

    private final IPAddress address;

    IpAddress(IPAddress address) {
        this.address = address.withoutPrefixLength();
    }

    /** Returns the address the text spells, or empty when it is not an IP literal in a standard form. */
    public static Optional<IpAddress> parse(String text) {
        String literal = text.strip();
        boolean bracketed = literal.startsWith("[") && literal.endsWith("]");
        if (bracketed) {
            literal = literal.substring(1, literal.length() - 1);
        }
        IPAddress parsed = read(literal, ADDRESS);
        if (parsed == null || (bracketed && !parsed.isIPv6())) {
            return Optional.empty();
        }
        return Optional.of(new IpAddress(parsed));
    }

    /** The address of a socket or a name lookup, without its zone if it has one. */
    public static IpAddress of(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> new IpAddress(new IPv4Address(v4));
            case Inet6Address v6 -> new IpAddress(new IPv6Address(v6).removeZone());
            default -> throw new IllegalArgumentException("neither IPv4 nor IPv6: " + address);
        };
    }

    static @Nullable IPAddress read(String text, IPAddressStringParameters parameters) {
        if (text.isEmpty() || !text.equals(text.strip())) {
            return null;
        }
        return new IPAddressString(text, parameters).getAddress();
    }

    public boolean isIpv6() {
        return address.isIPv6();
    }

    /** For an IPv4-mapped IPv6 address, the IPv4 address it carries; else itself. */
    public IpAddress unmapped() {
        if (address instanceof IPv6Address v6 && v6.isIPv4Mapped()) {
            return new IpAddress(v6.getEmbeddedIPv4Address());
        }
        return this;
    }

    /** The address as Java connects to it. */
    public InetAddress toInetAddress() {
        return address.toInetAddress();
    }

    IPAddress value() {
        return address;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress that && address.equals(that.address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    /** The canonical text: IPv4 dotted decimal, IPv6 lower case with the longest run of zeros as {@code ::}. */
    @Override
    public String toString() {
        return address.toCanonicalString();
    }
}
