package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

/**
 * Name of a Linux capability as Docker spells it, without the {@code CAP_} prefix, such as
 * {@code NET_BIND_SERVICE}. Only the names the Linux kernel defines (capabilities(7), Linux 6.x) are accepted;
 * whether a container may add one is decided by the container policy.
 */
public record CapabilityName(@JsonValue String value) {

    static final String RULE = "must be a Linux capability name such as NET_BIND_SERVICE";

    private static final Set<String> KNOWN = Set.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND",
            "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK",
            "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN",
            "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
            "SYSLOG", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE",
            "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CapabilityName {
        if (value == null || !KNOWN.contains(value)) {
            throw new InvalidInputException("capabilities", RULE, value);
        }
    }

    /** Parses a capability name, accepting lower case and the {@code CAP_} prefix. */
    public static CapabilityName parse(String value) {
        if (value == null || value.length() > 64) {
            throw new InvalidInputException("capabilities", RULE, value);
        }
        String upper = value.toUpperCase(Locale.ROOT);
        String name = upper.startsWith("CAP_") ? upper.substring(4) : upper;
        if (!KNOWN.contains(name)) {
            throw new InvalidInputException("capabilities", RULE, value);
        }
        return new CapabilityName(name);
    }

    @Override
    public String toString() {
        return value;
    }
}
