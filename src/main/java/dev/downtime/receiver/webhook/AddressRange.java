package dev.downtime.receiver.webhook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A CIDR block of IPv4 or IPv6 addresses, such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}. */
final class AddressRange {

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * @param cidr an address with an optional {@code /prefix}; a bare address is a block of one
     * @throws IllegalArgumentException when it is not an IP literal with a valid prefix
     */
    static AddressRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
        }
        byte[] bytes = address.getAddress();
        int maxPrefix = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? maxPrefix : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid prefix length in " + cidr);
        }
        if (prefix < 0 || prefix > maxPrefix) {
            throw new IllegalArgumentException("invalid prefix length in " + cidr);
        }
        return new AddressRange(mask(bytes, prefix), prefix, text);
    }

    /** Whether the address, an IP literal, lies in this block; false for anything else. */
    boolean contains(String address) {
        InetAddress parsed = literal(address);
        if (parsed == null) {
            return false;
        }
        byte[] bytes = parsed.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    /**
     * Parses an IP literal without any DNS lookup; IPv4-mapped IPv6 addresses become IPv4, so that
     * {@code ::ffff:192.0.2.1} is in {@code 192.0.2.0/24}.
     */
    static @Nullable InetAddress literal(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (trimmed.isEmpty() || trimmed.indexOf('%') >= 0) {
            return null;
        }
        if (trimmed.indexOf(':') < 0 && !DOTTED_QUAD.matcher(trimmed).matches()) {
            return null; // not the legacy shorthands such as "10.1" that InetAddress would accept
        }
        try {
            InetAddress address = InetAddress.ofLiteral(trimmed);
            byte[] bytes = address.getAddress();
            if (!(address instanceof Inet4Address) && isIpv4Mapped(bytes)) {
                return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
            }
            return address;
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return null;
        }
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
