package dev.slipway.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    /** The test vectors of RFC 6238, appendix B: 8 digits, 30-second steps from the Unix epoch. */
    @ParameterizedTest
    @CsvSource({
        "59, HmacSHA1, 94287082",
        "59, HmacSHA256, 46119246",
        "59, HmacSHA512, 90693936",
        "1111111109, HmacSHA1, 07081804",
        "1111111109, HmacSHA256, 68084774",
        "1111111109, HmacSHA512, 25091201",
        "1111111111, HmacSHA1, 14050471",
        "1111111111, HmacSHA256, 67062674",
        "1111111111, HmacSHA512, 99943326",
        "1234567890, HmacSHA1, 89005924",
        "1234567890, HmacSHA256, 91819424",
        "1234567890, HmacSHA512, 93441116",
        "2000000000, HmacSHA1, 69279037",
        "2000000000, HmacSHA256, 90698825",
        "2000000000, HmacSHA512, 38618901",
        "20000000000, HmacSHA1, 65353130",
        "20000000000, HmacSHA256, 77737706",
        "20000000000, HmacSHA512, 47863826"})
    void codeMatchesRfc6238Vectors(long epochSecond, String algorithm, String expected) {
        Totp totp = new Totp(algorithm, 8, 30);
        byte[] seed = switch (algorithm) {
            case "HmacSHA1" -> SHA1_SEED;
            case "HmacSHA256" -> SHA256_SEED;
            default -> SHA512_SEED;
        };

        assertThat(totp.code(seed, totp.step(epochSecond))).isEqualTo(expected);
    }

    @Test
    void matchingStepAcceptsOneStepOfDriftOnly() {
        long now = 1_234_567_890L;
        String previous = Totp.DEFAULT.code(SHA1_SEED, Totp.DEFAULT.step(now) - 1);
        String tooOld = Totp.DEFAULT.code(SHA1_SEED, Totp.DEFAULT.step(now) - 2);
        String next = Totp.DEFAULT.code(SHA1_SEED, Totp.DEFAULT.step(now) + 1);

        assertThat(Totp.DEFAULT.matchingStep(SHA1_SEED, previous, now)).isEqualTo(Totp.DEFAULT.step(now) - 1);
        assertThat(Totp.DEFAULT.matchingStep(SHA1_SEED, next, now)).isEqualTo(Totp.DEFAULT.step(now) + 1);
        assertThat(Totp.DEFAULT.matchingStep(SHA1_SEED, tooOld, now)).isEqualTo(-1);
    }

    @Test
    void matchingStepRejectsMissingAndMalformedCodes() {
        long now = 1_234_567_890L;

        assertThat(Totp.DEFAULT.matchingStep(SHA1_SEED, null, now)).isEqualTo(-1);
        assertThat(Totp.DEFAULT.matchingStep(SHA1_SEED, "12345", now)).isEqualTo(-1);
        assertThat(Totp.DEFAULT.matchingStep(SHA1_SEED, "1234567", now)).isEqualTo(-1);
    }

    @Test
    void base32RoundTripsAndMatchesRfc4648() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Totp.fromBase32("mzxw6ytboi")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(Totp.fromBase32(Totp.base32(SHA512_SEED))).isEqualTo(SHA512_SEED);
    }
}
