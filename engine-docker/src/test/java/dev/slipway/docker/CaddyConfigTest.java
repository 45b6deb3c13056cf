package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.DomainName;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class CaddyConfigTest {

    private final ApplicationId application = ApplicationId.of("0b7c5e9e-3f4a-4c43-9d1e-3a8c2f6b1d20");

    @Test
    void caddyfileServesTokenAndSites() {
        assertThat(CaddyConfig.caddyfile("abc123")).isEqualTo("""
                {
                \tadmin off
                \tauto_https off
                \thttp_port 8080
                }

                http://version.slipway.invalid {
                \trespond "abc123" 200
                }

                import sites/*

                http:// {
                \trespond "No application is served under this host name." 404
                }
                """);
    }

    @Test
    void siteProxiesEveryDomainToContainer() {
        String site = CaddyConfig.site(application,
                List.of(new DomainName("shop.example.com"), new DomainName("www.shop.example.com")), "web-1", 8000);

        assertThat(site).isEqualTo("""
                # Routes of application 0b7c5e9e-3f4a-4c43-9d1e-3a8c2f6b1d20
                http://shop.example.com, http://www.shop.example.com {
                \treverse_proxy web-1:8000
                }
                """);
        assertThat(CaddyConfig.sitePath(application)).isEqualTo("sites/0b7c5e9e-3f4a-4c43-9d1e-3a8c2f6b1d20.caddy");
    }

    @Test
    void domainsOfReadsSiteAddresses() {
        String site = CaddyConfig.site(application,
                List.of(new DomainName("shop.example.com"), new DomainName("www.shop.example.com")), "web-1", 8000);

        assertThat(CaddyConfig.domainsOf(site)).containsExactly("shop.example.com", "www.shop.example.com");
        assertThat(CaddyConfig.domainsOf(CaddyConfig.noSite(application))).isEmpty();
        assertThat(CaddyConfig.applicationOf(CaddyConfig.sitePath(application))).isEqualTo(application.toString());
        assertThat(CaddyConfig.applicationOf("Caddyfile")).isNull();
    }

    @Test
    void siteWithoutRouteIsComment() {
        assertThat(CaddyConfig.noSite(application)).startsWith("# ").endsWith("\n").doesNotContain("{");
    }

    @Test
    void siteRejectsUnsafeValues() {
        List<DomainName> domains = List.of(new DomainName("shop.example.com"));

        for (String name : List.of("web 1", "web}", "web\"", "web\nreverse_proxy evil:1", "{web", "")) {
            assertThatThrownBy(() -> CaddyConfig.site(application, domains, name, 8000))
                    .as("container name %s", name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Invalid container name");
        }
        assertThatThrownBy(() -> CaddyConfig.site(application, domains, "web-1", 0))
                .hasMessageContaining("Invalid container port 0");
        assertThatThrownBy(() -> CaddyConfig.site(application, List.of(), "web-1", 8000))
                .hasMessageContaining("has no domain");
        assertThatThrownBy(() -> CaddyConfig.caddyfile("a\"b"))
                .hasMessageContaining("Invalid token");
    }

    @Test
    void archiveSetsFolderAndFileTimes() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("sites/a.caddy", "# a\n");
        files.put("Caddyfile", "{\n}\n");

        byte[] tar = CaddyConfig.archive(files, 1_700_000_000L);

        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
                assertThat(entry.getModTime().getTime()).as(entry.getName()).isEqualTo(1_700_000_000_000L);
                if (entry.getName().equals("Caddyfile")) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\n}\n");
                    assertThat(entry.getMode() & 0777).isEqualTo(0644);
                }
            }
        }
        assertThat(names).containsExactly("sites/", "sites/a.caddy", "Caddyfile");
    }
}
