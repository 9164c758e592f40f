package dev.downtime.receiver.verification;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.jspecify.annotations.Nullable;

/**
 * The only DNS the HTTP client of one check has: it answers the name of the hop being checked with
 * the one address the guard vetted for it, and knows no other name. The client therefore connects
 * where the guard looked, never where a second lookup would point (DNS rebinding).
 */
final class VettedAddresses implements DnsResolver {

    private record Vetted(String name, InetAddress address) {}

    private volatile @Nullable Vetted current;

    /**
     * Makes this hop's target the only name answered, replacing the last hop's.
     *
     * @return the name the client must connect to: the host without the brackets of an IPv6 literal
     */
    String admit(TargetGuard.Target target) {
        String host = target.host();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        current = new Vetted(bare, target.address());
        return bare;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Vetted vetted = current;
        if (vetted == null || !vetted.name().equals(host)) {
            throw new UnknownHostException(host + " was not vetted for this check");
        }
        return new InetAddress[] {vetted.address()};
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
