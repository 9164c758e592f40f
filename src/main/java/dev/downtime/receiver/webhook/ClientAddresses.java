package dev.downtime.receiver.webhook;

import dev.downtime.receiver.net.AddressBlock;
import dev.downtime.receiver.net.IpAddress;
import dev.downtime.receiver.security.ClientAddressResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds who is calling: the connection's peer, unless that peer is a trusted proxy, in which case
 * the nearest address in {@code X-Forwarded-For} that is not itself a trusted proxy. Entries added
 * by untrusted parties are never believed.
 */
final class ClientAddresses implements ClientAddressResolver {

    static final String UNKNOWN = "unknown";

    private final List<AddressBlock> trustedProxies;

    ClientAddresses(List<AddressBlock> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    @Override
    public String clientAddress(HttpServletRequest request) {
        return of(request);
    }

    String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!trusted(peer)) {
            return peer;
        }
        List<String> forwarded = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String entry : header.split(",")) {
                forwarded.add(entry.strip());
            }
        }
        String client = peer;
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String entry = forwarded.get(i);
            if (IpAddress.parse(entry).isEmpty()) {
                return UNKNOWN; // a garbled chain: trust nothing further left
            }
            client = entry;
            if (!trusted(entry)) {
                break;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }
}
