package dev.slipway.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Feeds every parser generated values full of shell and Git metacharacters, control characters, leading dashes,
 * look-alike Unicode and very long strings. Each value must either be rejected with a printable message or, when
 * accepted, satisfy the parser's documented rule, checked here without the parser's own code.
 */
class ParserPropertiesTest {

    private static final String METACHARACTERS = "-;|&$`'\"\\ \t\n\r\u0000/.:@{}~^*?[]#!<>()=,+%";
    private static final String LOOK_ALIKES = "\u2010\u2011\u2212\uff0d\u00a0\u2028\u202e\u200b\ufeff\u0430\u0455"
            + "\u0131\uff0f\u2215\u2024\uff0e";

    @Property(tries = 2000)
    void applicationNameAcceptsOnlyDnsLabels(@ForAll("hostile") String value) {
        accepted(value, ApplicationName::new).ifPresent(name ->
                assertThat(name.value()).matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"));
    }

    @Property(tries = 2000)
    void gitRefAcceptsOnlyCheckRefFormatNames(@ForAll("hostile") String value) {
        accepted(value, GitRef::new).ifPresent(ref -> {
            String name = ref.value();
            assertThat(name).isEqualTo(value).hasSizeLessThanOrEqualTo(255);
            assertThat(name).doesNotStartWith("-").doesNotStartWith("/").doesNotEndWith("/").doesNotEndWith(".");
            assertThat(name).doesNotContain("..", "@{", "//", "~", "^", ":", "?", "*", "[", "\\", " ");
            assertThat(name.codePoints().filter(Characters::isHidden).count()).isZero();
            for (String component : name.split("/")) {
                assertThat(component).doesNotStartWith(".").doesNotEndWith(".lock");
            }
        });
    }

    @Property(tries = 2000)
    void repositoryUrlAcceptsOnlyKnownTransports(@ForAll("urls") String value) {
        accepted(value, RepositoryUrl::parseInput).ifPresent(url -> {
            assertThat(url.value()).isEqualTo(value).doesNotStartWith("-").doesNotContainPattern("^[A-Za-z0-9+.-]*::");
            assertThat(url.value().codePoints().filter(Characters::isHidden).count()).isZero();
            if (url.value().contains("://")) {
                assertThat(url.value()).matches("(?i)(https|http|ssh|file)://.*");
            }
            if (url.transport() != RepositoryUrl.Transport.FILE) {
                assertThat(url.host()).isNotEmpty().doesNotStartWith("-");
                assertThat(url.port()).isBetween(1, 65535);
            }
            assertThat(url.value()).doesNotContainPattern("^[a-z+]+://[^/@]*:[^/@]*@");
        });
    }

    @Property(tries = 2000)
    void checkoutPathStaysInsideCheckout(@ForAll("paths") String value) {
        accepted(value, CheckoutPath::new).ifPresent(path -> {
            assertThat(path.value()).doesNotStartWith("/").doesNotStartWith("-").doesNotContain("\\");
            if (!path.value().equals(".")) {
                assertThat(List.of(path.value().split("/"))).doesNotContain("..", "", ".");
            }
            Path root = Path.of("/checkout");
            assertThat(root.resolve(path.value()).normalize().startsWith(root)).isTrue();
        });
    }

    @Property(tries = 2000)
    void portMappingPublishesOnExplicitOrLoopbackAddress(@ForAll("ports") String value) {
        accepted(value, PortMapping::parse).ifPresent(mapping -> {
            assertThat(mapping.value()).matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}:[0-9]{1,5}:[0-9]{1,5}");
            assertThat(mapping.hostPort()).isBetween(1, 65535);
            assertThat(mapping.containerPort()).isBetween(1, 65535);
            if (value.chars().filter(c -> c == ':').count() == 1) {
                assertThat(mapping.hostAddress()).isEqualTo("127.0.0.1");
            }
        });
    }

    @Property(tries = 2000)
    void volumeMountNeverNamesHostPath(@ForAll("volumes") String value) {
        accepted(value, VolumeMount::parse).ifPresent(mount -> {
            assertThat(mount.name().value()).matches("[a-z0-9][a-z0-9_.-]*").doesNotContain("/");
            assertThat(mount.target().value()).startsWith("/").isNotEqualTo("/");
            assertThat(List.of(mount.target().value().split("/"))).doesNotContain("..", ".", "proc", "sys", "dev");
        });
    }

    @Property(tries = 2000)
    void containerLabelNeverUsesReservedKey(@ForAll("hostile") String key, @ForAll("hostile") String value) {
        accepted(key, k -> new ContainerLabel(k, value)).ifPresent(label -> {
            assertThat(label.key()).matches("[a-z0-9][a-z0-9._-]*");
            assertThat(ContainerLabel.reservedPrefixes()).noneMatch(prefix -> label.key().startsWith(prefix));
            assertThat(label.value().chars().filter(Character::isISOControl).count()).isZero();
        });
    }

    @Property(tries = 2000)
    void capabilityNameIsKernelName(@ForAll("hostile") String value) {
        accepted(value, CapabilityName::parse).ifPresent(capability ->
                assertThat(capability.value()).matches("[A-Z_]+").doesNotStartWith("CAP_"));
    }

    @Property(tries = 2000)
    void imageReferenceFollowsDistributionGrammar(@ForAll("images") String value) {
        accepted(value, ImageReference::new).ifPresent(image -> {
            assertThat(image.value()).matches("[A-Za-z0-9][A-Za-z0-9._:/@+-]*");
            String path = image.value().replaceFirst("@.*", "").replaceFirst(":[^/]*$", "");
            String repository = path.contains("/") ? path.substring(path.indexOf('/') + 1) : path;
            assertThat(repository).isLowerCase();
        });
    }

    @Property(tries = 1000)
    void commitShaIsFortyHexDigits(@ForAll("hostile") String value) {
        accepted(value, CommitSha::new).ifPresent(sha -> assertThat(sha.value()).matches("[0-9a-f]{40}"));
    }

    /** Returns the parsed value, or empty when the parser rejected it with a printable message. */
    private static <T> java.util.Optional<T> accepted(String value, Function<String, T> parser) {
        try {
            return java.util.Optional.of(parser.apply(value));
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u0000").hasSizeLessThan(2000);
            assertThat(e.field()).isNotBlank();
            return java.util.Optional.empty();
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> mixed = Arbitraries.strings()
                .withChars(METACHARACTERS + LOOK_ALIKES)
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .ofMinLength(0).ofMaxLength(40);
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withChars("-._/")
                .ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> dashed = plain.map(text -> "-" + text);
        Arbitrary<String> longText = Arbitraries.strings().withChars("a-/.").ofMinLength(250).ofMaxLength(3000);
        Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMaxLength(30);
        Arbitrary<String> spliced = Combinators.combine(plain, Arbitraries.strings().withChars(METACHARACTERS
                + LOOK_ALIKES).ofMinLength(1).ofMaxLength(3), plain).as((a, b, c) -> a + b + c);
        return Arbitraries.oneOf(mixed, plain, dashed, longText, anyUnicode, spliced);
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> prefix = Arbitraries.of("https://", "http://", "ssh://", "file://", "ext::", "git://",
                "--upload-pack=", "-", "", "git@", "HTTPS://", "https://user:pass@", "ssh://git@", "fd::");
        Arbitrary<String> host = Arbitraries.of("git.example.test", "git.example.test:2222", "127.0.0.1",
                "[::1]", "h\u0430st.test", "", "-oProxyCommand=x", "a b");
        return Combinators.combine(prefix, host, Arbitraries.of("/", ":", ""), hostile())
                .as((p, h, s, rest) -> p + h + s + rest);
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("..", ".", "", "-x", "~", "\u2024\u2024",
                "a\u0000b", "\uff0e\uff0e"), Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
                .ofMaxLength(8));
        Arbitrary<String> joined = segment.list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join("/", parts));
        return Arbitraries.oneOf(joined, joined.map(p -> "/" + p), joined.map(p -> p.replace('/', '\\')),
                hostile());
    }

    @Provide
    Arbitrary<String> ports() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.integers().between(-5, 70000).map(String::valueOf),
                Arbitraries.of("", "0", "00080", "65535", "65536", "8080 ", "١٢٣"));
        Arbitrary<String> address = Arbitraries.of("", "127.0.0.1:", "0.0.0.0:", "256.1.1.1:", "[::1]:",
                "localhost:", "127.0.0.01:", "10.0.0.1:");
        return Arbitraries.oneOf(Combinators.combine(address, number, number).as((a, h, c) -> a + h + ":" + c),
                Combinators.combine(number, number).as((h, c) -> h + ":" + c), hostile());
    }

    @Provide
    Arbitrary<String> volumes() {
        Arbitrary<String> source = Arbitraries.of("data", "/", "/var/run/docker.sock", ".", "..", "-v", "Data",
                "~/x", "a/b", "", "data\u200b");
        Arbitrary<String> target = Arbitraries.of("/var/lib/data", "/", "/proc", "/sys/fs", "/dev/sda", "/a/../b",
                "relative", "/a/./b", "/a//b", "/x:y", "/data,z", "/ok");
        Arbitrary<String> option = Arbitraries.of("", ":ro", ":rw", ":z", ":ro:ro");
        return Arbitraries.oneOf(Combinators.combine(source, target, option).as((s, t, o) -> s + ":" + t + o),
                hostile());
    }

    @Provide
    Arbitrary<String> images() {
        Arbitrary<String> name = Arbitraries.of("busybox", "ALPINE", "--privileged", "library/nginx",
                "registry.example.test:5000/team/web", "Team/web", "a__b", "a___b", "a..b", "x/-y");
        Arbitrary<String> tag = Arbitraries.of("", ":stable", ":1.2.3", ":-x", ":" + "t".repeat(130),
                "@sha256:" + "a".repeat(64), ":latest@sha256:" + "0".repeat(64), ":a b");
        return Arbitraries.oneOf(Combinators.combine(name, tag).as((n, t) -> n + t), hostile());
    }

}
