package dev.downtime.receiver.net;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressStringParameters;

/**
 * A CIDR block of IPv4 or IPv6 addresses, such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a
 * bare address is a block of one. Host bits are cleared: {@code 192.0.2.7/24} is {@code 192.0.2.0/24}.
 */
public final class AddressBlock {

    private static final IPAddressStringParameters CIDR = IpAddress.ADDRESS.toBuilder()
            .allowPrefix(true)
            .getIPv4AddressParametersBuilder()
            .allowPrefixesBeyondAddressSize(false)
            .getParentBuilder()
            .getIPv6AddressParametersBuilder()
            .allowPrefixesBeyondAddressSize(false)
            .getParentBuilder()
            .toParams();

    private final IPAddress block;

    private AddressBlock(IPAddress block) {
        this.block = block;
    }

    /**
     * Reads a block of addresses.
     *
     * @param cidr an address, in the forms {@link IpAddress#parse} reads, with an optional {@code /prefix}
     * @throws IllegalArgumentException when it is not an IP address with a valid prefix length
     */
    public static AddressBlock parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        // The library's own check refuses "/0" as a leading zero: "/08" is refused here instead.
        boolean prefixOk = slash < 0 || text.substring(slash + 1).matches("0|[1-9][0-9]{0,2}");
        IPAddress parsed = prefixOk ? IpAddress.read(text, CIDR) : null;
        if (parsed == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
        }
        return new AddressBlock(parsed.isPrefixed() ? parsed.toPrefixBlock() : parsed);
    }

    /** The block of {@code prefixLength} bits that holds the address, e.g. an IPv6 address's /64. */
    public static AddressBlock around(IpAddress address, int prefixLength) {
        int bits = address.value().getBitCount();
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " for a " + bits + "-bit address");
        }
        return new AddressBlock(
                address.value().setPrefixLength(prefixLength, false).toPrefixBlock());
    }

    /**
     * Whether the address lies in this block. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.9})
     * lies in the IPv4 blocks of the address it carries, as well as in the IPv6 blocks that hold it.
     */
    public boolean contains(IpAddress address) {
        IPAddress value = address.value();
        if (block.getIPVersion() != value.getIPVersion()) {
            value = address.unmapped().value();
        }
        return block.getIPVersion() == value.getIPVersion() && block.contains(value);
    }

    /** Whether the text is an address, in the forms {@link IpAddress#parse} reads, in this block. */
    public boolean contains(String address) {
        return IpAddress.parse(address).map(this::contains).orElse(false);
    }

    /** The number of bits that are fixed in this block: 24 in {@code 192.0.2.0/24}. */
    int prefixLength() {
        Integer prefix = block.getNetworkPrefixLength();
        return prefix == null ? block.getBitCount() : prefix;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressBlock that && block.equals(that.block);
    }

    @Override
    public int hashCode() {
        return block.hashCode();
    }

    /** Canonical CIDR text, e.g. {@code 2001:db8::/32}; a block of one address is written with its full prefix. */
    @Override
    public String toString() {
        return block.getLower().withoutPrefixLength().toCanonicalString() + "/" + prefixLength();
    }
}
