package dev.slipway.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

class QuickstartConfigurationTest {

    @Test
    void keysetsStayInDataDirectoryWithoutProfile() throws IOException {
        List<PropertySource<?>> documents = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"));
        PropertySource<?> base = documents.get(0);

        assertThat(base.getProperty("spring.config.activate.on-profile")).isNull();
        assertThat(String.valueOf(base.getProperty("slipway.secrets.key-directory")))
                .isEqualTo("${slipway.data-directory}/keys");
    }
}
