package dev.slipway.core.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Decides which addresses the engine may connect to on a user's behalf, such as a repository host. A host name is
 * resolved and rejected when any of its addresses is loopback, link-local (which contains the cloud metadata address
 * 169.254.169.254), private (RFC 1918), unique-local (fc00::/7), shared (100.64.0.0/10), unspecified, multicast or
 * otherwise reserved, unless an operator's allowlist contains it. Callers check once before they connect and again
 * when the connection opens, because DNS may answer differently the second time.
 *
 * @param allowed address blocks that are allowed even though they are internal
 */
public record OutboundAddressPolicy(List<AddressRange> allowed) {

    /** The default: public addresses only. */
    public static final OutboundAddressPolicy STRICT = new OutboundAddressPolicy(List.of());

    private static final List<AddressRange> INTERNAL = Arrays.stream(new String[] {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/3", "::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001:db8::/32",
        "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8"}).map(AddressRange::parse).toList();

    public OutboundAddressPolicy {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    /** Returns a policy that also allows the given IP addresses or CIDR blocks. */
    public static OutboundAddressPolicy allowing(String... blocks) {
        return new OutboundAddressPolicy(Arrays.stream(blocks).map(AddressRange::parse).toList());
    }

    /**
     * Resolves {@code host} and returns its addresses when every one of them is allowed.
     *
     * @param purpose what the connection is for, such as {@code repository 'https://…'}, for the message
     * @throws OutboundAddressRefusedException when the name does not resolve or an address is not allowed
     */
    public List<InetAddress> check(String purpose, String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new OutboundAddressRefusedException("Unable to connect to " + purpose + ": host '" + host
                    + "' does not resolve. Check the host name.");
        }
        for (InetAddress address : addresses) {
            if (!permits(address)) {
                throw new OutboundAddressRefusedException("Unable to connect to " + purpose + ": host '" + host
                        + "' resolves to " + address.getHostAddress() + ", an internal address (loopback, private,"
                        + " link-local, metadata or reserved) that the engine does not connect to. Use a public"
                        + " host, or ask the operator to add the address to the outbound allowlist.");
            }
        }
        return List.of(addresses);
    }

    /** Returns whether the engine may connect to {@code address}. */
    public boolean permits(InetAddress address) {
        if (allowed.stream().anyMatch(range -> range.contains(address))) {
            return true;
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        if (address instanceof Inet6Address v6 && isEmbeddedIpv4(v6)) {
            return false;
        }
        return INTERNAL.stream().noneMatch(range -> range.contains(address))
                && (address instanceof Inet4Address || address instanceof Inet6Address);
    }

    /** IPv4-compatible, IPv4-mapped, NAT64 and 6to4 addresses carry an IPv4 address that decides the target. */
    private boolean isEmbeddedIpv4(Inet6Address address) {
        byte[] bytes = address.getAddress();
        if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            return true;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
