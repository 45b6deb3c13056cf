package dev.slipway.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {

    @Test
    void domainIsStoredInLowerCase() {
        assertThat(new DomainName("Shop.Example.COM").value()).isEqualTo("shop.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "a.b", "xn--bcher-kva.example", "api-2.eu-west.example.co.uk",
            "3com.example"})
    void validDomainIsAccepted(String value) {
        assertThat(new DomainName(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com.", ".example.com", "-shop.example.com", "shop-.example.com",
            "shop..example.com", "shop_1.example.com", "*.example.com", "shop example.com", "shop.example.com:80",
            "http://shop.example.com", "shop.example.com/path", "shop.example.com\n", "a{b}.example.com",
            "shop.example.com\"", ""})
    void malformedDomainIsRejectedWithRule(String value) {
        assertThatThrownBy(() -> new DomainName(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("domains");
                    assertThat(e.rule()).contains("DNS host name");
                });
    }

    @Test
    void labelLongerThan63CharactersIsRejected() {
        assertThatThrownBy(() -> new DomainName("x".repeat(64) + ".example.com"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(new DomainName("x".repeat(63) + ".example.com").value()).startsWith("xxx");
    }

    @Test
    void longNameRejectedWithShortenedValue() {
        String label = "x".repeat(60);
        String name = String.join(".", label, label, label, label, label, "example");

        assertThat(name).hasSizeGreaterThan(DomainName.MAX_LENGTH);
        assertThatThrownBy(() -> new DomainName(name))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage())
                        .doesNotContain(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "1.2.3.4"})
    void ipAddressIsRejected(String value) {
        assertThatThrownBy(() -> new DomainName(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule())
                        .contains("IP address is not a domain"));
    }

    @Test
    void nonAsciiNameGetsAsciiHint() {
        assertThatThrownBy(() -> new DomainName("bücher.example"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule()).contains("xn--"));
    }

    @Test
    void invalidTopLevelDomainIsRejected() {
        assertThatThrownBy(() -> new DomainName("version.slipway.invalid"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule())
                        .contains(".invalid"));
    }
}
