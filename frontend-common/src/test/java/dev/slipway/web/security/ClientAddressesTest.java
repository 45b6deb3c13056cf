package dev.slipway.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTest {

    private final ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "127.0.0.1"));

    @Test
    void forwardedForFromUntrustedPeerIsIgnored() {
        MockHttpServletRequest request = request("192.0.2.10", "203.0.113.5");

        assertThat(addresses.clientAddress(request)).isEqualTo("192.0.2.10");
    }

    @Test
    void forwardedForFromTrustedProxyNamesClient() {
        MockHttpServletRequest request = request("127.0.0.1", "203.0.113.5");

        assertThat(addresses.clientAddress(request)).isEqualTo("203.0.113.5");
    }

    @Test
    void spoofedLeftEntriesAreSkipped() {
        MockHttpServletRequest request = request("10.1.2.3", "1.2.3.4, 203.0.113.5, 10.9.9.9");

        assertThat(addresses.clientAddress(request)).isEqualTo("203.0.113.5");
    }

    @Test
    void malformedEntryStopsAtLastProxy() {
        MockHttpServletRequest request = request("10.1.2.3", "evil.example, 10.9.9.9");

        assertThat(addresses.clientAddress(request)).isEqualTo("10.9.9.9");
    }

    @Test
    void trustedPeerWithoutHeaderIsClient() {
        MockHttpServletRequest request = request("127.0.0.1", null);

        assertThat(addresses.clientAddress(request)).isEqualTo("127.0.0.1");
    }

    @Test
    void hostNameAsTrustedProxyIsRejected() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.example.test")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slipway.security.trusted-proxies");
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/applications");
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader(ClientAddresses.FORWARDED_FOR, forwardedFor);
        }
        return request;
    }
}
