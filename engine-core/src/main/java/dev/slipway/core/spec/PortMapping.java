package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Port of a container published on a host address, written {@code [address:]hostPort:containerPort}, such as
 * {@code 127.0.0.1:6543:5432}. Without an address the port is published on {@code 127.0.0.1}; which other addresses
 * an application may use is decided by the container policy.
 *
 * @param hostAddress   the IPv4 address the port is published on, in dotted-decimal form
 * @param hostPort      the TCP port on the host, from 1 to 65535
 * @param containerPort the TCP port inside the container, from 1 to 65535
 */
public record PortMapping(String hostAddress, int hostPort, int containerPort) {

    /** Address a mapping without one is published on. */
    public static final String LOOPBACK = "127.0.0.1";

    static final String FIELD = "ports";
    static final String RULE = "must be [address:]hostPort:containerPort with TCP ports from 1 to 65535 and an IPv4"
            + " address, such as 127.0.0.1:6543:5432; without an address the port is published on 127.0.0.1";

    private static final Pattern FORM = Pattern.compile("(?:([0-9.]{7,15}):)?([0-9]{1,5}):([0-9]{1,5})");
    private static final Pattern IPV4 =
            Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
                    + "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    public PortMapping {
        if (hostAddress == null || !IPV4.matcher(hostAddress).matches()) {
            throw new InvalidInputException(FIELD, RULE, hostAddress);
        }
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new InvalidInputException(FIELD, RULE, hostAddress + ":" + hostPort + ":" + containerPort);
        }
    }

    /** Parses a mapping written {@code [address:]hostPort:containerPort}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static PortMapping parse(String value) {
        Matcher matcher = value == null ? null : FORM.matcher(value);
        if (matcher == null || !matcher.matches()) {
            throw new InvalidInputException(FIELD, RULE, value);
        }
        String address = matcher.group(1) == null ? LOOPBACK : matcher.group(1);
        if (!IPV4.matcher(address).matches()) {
            throw new InvalidInputException(FIELD, RULE, value);
        }
        int hostPort = Integer.parseInt(matcher.group(2));
        int containerPort = Integer.parseInt(matcher.group(3));
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new InvalidInputException(FIELD, RULE, value);
        }
        return new PortMapping(address, hostPort, containerPort);
    }

    /** Returns whether the port is published on a loopback address (127.0.0.0/8) only. */
    public boolean isLoopback() {
        return hostAddress.startsWith("127.");
    }

    /** Returns the mapping in its written form, always with the address. */
    @JsonValue
    public String value() {
        return hostAddress + ":" + hostPort + ":" + containerPort;
    }

    @Override
    public String toString() {
        return value();
    }
}
