package dev.slipway.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundAddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.31.255.255", "192.168.0.1",
        "169.254.169.254", "100.100.100.200", "0.0.0.0", "::", "fd00:ec2::254", "fc00::1", "fe80::1",
        "::ffff:10.0.0.1", "224.0.0.1", "255.255.255.255", "2002:a00:1::", "192.0.0.170"})
    void strictRejectsInternalAddress(String literal) throws Exception {
        assertThat(OutboundAddressPolicy.STRICT.permits(InetAddress.getByName(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "140.82.112.3", "2606:4700::6810:85e5", "172.32.0.1", "11.0.0.1"})
    void strictAllowsPublicAddress(String literal) throws Exception {
        assertThat(OutboundAddressPolicy.STRICT.permits(InetAddress.getByName(literal))).isTrue();
    }

    @Test
    void allowlistAdmitsNamedBlockOnly() throws Exception {
        OutboundAddressPolicy policy = OutboundAddressPolicy.allowing("10.20.0.0/16");

        assertThat(policy.permits(InetAddress.getByName("10.20.3.4"))).isTrue();
        assertThat(policy.permits(InetAddress.getByName("10.21.0.1"))).isFalse();
    }

    @Test
    void checkNamesHostAndAddress() {
        assertThatThrownBy(() -> OutboundAddressPolicy.STRICT.check("repository 'https://localhost/x.git'",
                "localhost"))
                .isInstanceOf(OutboundAddressRefusedException.class)
                .hasMessageContaining("host 'localhost' resolves to")
                .hasMessageContaining("outbound allowlist");
    }

    @Test
    void allowlistRejectsHostNames() {
        assertThatThrownBy(() -> AddressRange.parse("git.example.test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CIDR");
    }
}
