package dev.slipway.web.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Finds the address of the client that sent a request. The socket peer is the client unless it is one of the
 * configured reverse proxies; only then is {@code X-Forwarded-For} read, from the right, skipping further trusted
 * proxies, and the first other address is the client. A client can put anything at the left of the header, so
 * entries left of an untrusted address are never used.
 */
public final class ClientAddresses {

    /** The request header that proxies append the address of their peer to. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final List<IpAddressMatcher> trustedProxies;

    /**
     * Creates a resolver.
     *
     * @param trustedProxies addresses or CIDR ranges, such as {@code 10.0.0.0/8}, of trusted reverse proxies
     * @throws IllegalArgumentException when an entry is not an IP address or range
     */
    public ClientAddresses(List<String> trustedProxies) {
        List<IpAddressMatcher> matchers = new ArrayList<>();
        for (String proxy : trustedProxies) {
            String address = proxy.contains("/") ? proxy.substring(0, proxy.indexOf('/')) : proxy;
            if (!IP_LITERAL.matcher(address).matches()) {
                throw new IllegalArgumentException("Invalid slipway.security.trusted-proxies entry '" + proxy
                        + "': must be an IP address or CIDR range such as 10.0.0.0/8.");
            }
            matchers.add(new IpAddressMatcher(proxy));
        }
        this.trustedProxies = List.copyOf(matchers);
    }

    /** Returns the address of the client that sent a request. */
    public String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders(FORWARDED_FOR))) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!IP_LITERAL.matcher(hop).matches()) {
                return client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        if (address == null || !IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        for (IpAddressMatcher proxy : trustedProxies) {
            if (proxy.matches(address)) {
                return true;
            }
        }
        return false;
    }
}
