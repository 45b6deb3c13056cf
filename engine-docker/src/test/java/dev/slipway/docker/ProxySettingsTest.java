package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    private final ProxySettings defaults = ProxySettings.defaults();

    @Test
    void defaultsPublishOnEveryAddressAtPort80() {
        assertThat(defaults.image()).isEqualTo("slipway/proxy:caddy-2.6.2");
        assertThat(defaults.publishAddress()).isEqualTo("0.0.0.0");
        assertThat(defaults.httpPort()).isEqualTo(80);
        assertThat(defaults.switchTimeLimit()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.publishesOnAllAddresses()).isTrue();
    }

    @Test
    void publishAddressMustBeIpLiteral() {
        for (String address : new String[] {"localhost", "256.0.0.1", "1.2.3", "example.com", "", "fe80::1%eth0"}) {
            assertThatThrownBy(() -> defaults.withPublished(address, 80)).as(address)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Invalid proxy publish address '" + address + "'");
        }
        assertThat(defaults.withPublished("::1", 80).publishAddress()).isEqualTo("::1");
        assertThat(defaults.withPublished("10.0.0.5", 80).publishesOnAllAddresses()).isFalse();
    }

    @Test
    void portAndTimeLimitMustBeInRange() {
        assertThatThrownBy(() -> defaults.withPublished("127.0.0.1", 0)).hasMessageContaining("Invalid proxy HTTP"
                + " port 0");
        assertThatThrownBy(() -> defaults.withPublished("127.0.0.1", 65_536)).hasMessageContaining("65535");
        assertThatThrownBy(() -> defaults.withSwitchTimeLimit(Duration.ZERO))
                .hasMessageContaining("Invalid proxy switch time limit");
        assertThatThrownBy(() -> new ProxySettings("bad image", "0.0.0.0", 80, Duration.ofSeconds(1)))
                .hasMessageContaining("Invalid proxy image 'bad image'");
    }

    @Test
    void checkParsesOnlyHttp200Bodies() {
        assertThat(ProxyCheck.parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")).isEqualTo("abc");
        assertThat(ProxyCheck.parse("HTTP/1.1 502 Bad Gateway\r\n\r\n")).isEqualTo("response HTTP/1.1 502 Bad"
                + " Gateway");
        assertThat(ProxyCheck.parse("")).isEqualTo("connection closed without an HTTP response");
    }
}
