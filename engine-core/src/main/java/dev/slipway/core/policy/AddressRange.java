package dev.slipway.core.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Block of IP addresses in CIDR notation, such as {@code 10.20.0.0/16} or {@code fd00::/8}; a bare address is a
 * block of one.
 *
 * @param network      the first address of the block
 * @param prefixLength the number of leading bits that every address in the block shares
 */
public record AddressRange(InetAddress network, int prefixLength) {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public AddressRange {
        if (network == null || prefixLength < 0 || prefixLength > network.getAddress().length * 8) {
            throw new IllegalArgumentException("Invalid address range '" + network + "/" + prefixLength
                    + "': the prefix length must fit the address");
        }
    }

    /**
     * Parses {@code address/prefix} or a bare address. Only IP literals are accepted, never host names, so parsing
     * never queries DNS.
     */
    public static AddressRange parse(String cidr) {
        String[] parts = cidr == null ? new String[0] : cidr.strip().split("/", -1);
        if (parts.length < 1 || parts.length > 2 || !LITERAL.matcher(parts[0]).matches()) {
            throw new IllegalArgumentException("Invalid address range '" + cidr
                    + "': use an IP address or CIDR block such as 10.20.0.0/16");
        }
        try {
            InetAddress address = InetAddress.getByName(parts[0]);
            int bits = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            return new AddressRange(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("Invalid address range '" + cidr
                    + "': use an IP address or CIDR block such as 10.20.0.0/16", e);
        }
    }

    /** Returns whether {@code address} lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] base = network.getAddress();
        if (candidate.length != base.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != base[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (candidate[full] & mask) == (base[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
