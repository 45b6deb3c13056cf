package dev.slipway.docker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings of {@link CaddyTrafficRouter}, the reverse proxy that serves applications under their domains.
 *
 * @param image           the proxy image, which must contain Caddy 2.6 as {@code /usr/bin/caddy} and a user with uid
 *                        65534; {@code scripts/setup-docker.sh} creates the default one offline
 * @param publishAddress  the host IP address that the proxy's HTTP port is published on, such as {@code 0.0.0.0} for
 *                        all addresses of the Docker host
 * @param httpPort        the host port, 1 to 65535, that serves HTTP for every domain
 * @param switchTimeLimit maximum time that a route change may take until the proxy serves it
 */
public record ProxySettings(String image, String publishAddress, int httpPort, Duration switchTimeLimit) {

    /** The image that {@code scripts/setup-docker.sh} creates from Debian's caddy package. */
    public static final String DEFAULT_IMAGE = "slipway/proxy:caddy-2.6.2";

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
    private static final Pattern IMAGE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._/:@-]*");

    public ProxySettings {
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw new IllegalArgumentException("Invalid proxy image '" + image + "': must be an image reference such"
                    + " as " + DEFAULT_IMAGE);
        }
        if (!isIpLiteral(publishAddress)) {
            throw new IllegalArgumentException("Invalid proxy publish address '" + publishAddress + "': must be an IP"
                    + " address such as 0.0.0.0 or 127.0.0.1");
        }
        if (httpPort < 1 || httpPort > 65_535) {
            throw new IllegalArgumentException("Invalid proxy HTTP port " + httpPort + ": must be 1 to 65535");
        }
        if (switchTimeLimit == null || switchTimeLimit.isNegative() || switchTimeLimit.isZero()) {
            throw new IllegalArgumentException("Invalid proxy switch time limit '" + switchTimeLimit + "': must be a"
                    + " positive duration");
        }
    }

    /** Returns the settings of a proxy from image {@value #DEFAULT_IMAGE} on 0.0.0.0:80 with a 10 s time limit. */
    public static ProxySettings defaults() {
        return new ProxySettings(DEFAULT_IMAGE, "0.0.0.0", 80, Duration.ofSeconds(10));
    }

    /** Returns a copy of these settings that publishes the proxy on {@code address} and {@code port}. */
    public ProxySettings withPublished(String address, int port) {
        return new ProxySettings(image, address, port, switchTimeLimit);
    }

    /** Returns a copy of these settings with another time limit for route changes. */
    public ProxySettings withSwitchTimeLimit(Duration limit) {
        return new ProxySettings(image, publishAddress, httpPort, limit);
    }

    /** Returns whether the publish address is {@code 0.0.0.0} or {@code ::}, that is all addresses of the host. */
    boolean publishesOnAllAddresses() {
        return "0.0.0.0".equals(publishAddress) || "::".equals(publishAddress);
    }

    /**
     * Returns whether {@code address} is an IPv4 address with octets up to 255 or an IPv6 address literal. Only a
     * string with a colon reaches {@link InetAddress#getByName}, which parses it as an IPv6 literal without a DNS
     * lookup.
     */
    public static boolean isIpLiteral(String address) {
        if (address == null) {
            return false;
        }
        if (IPV4.matcher(address).matches()) {
            for (String octet : address.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!IPV6.matcher(address).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(address);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
