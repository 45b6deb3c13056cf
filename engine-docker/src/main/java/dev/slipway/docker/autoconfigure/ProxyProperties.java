package dev.slipway.docker.autoconfigure;

import dev.slipway.docker.ProxySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of the reverse proxy that serves applications under their domains, under {@code slipway.proxy}. */
@ConfigurationProperties(ProxyProperties.PREFIX)
public class ProxyProperties {

    static final String PREFIX = "slipway.proxy";

    private static final ProxySettings DEFAULTS = ProxySettings.defaults();

    /** Whether the engine runs a Caddy reverse proxy container that serves applications under their domains. */
    private boolean enabled;

    /** Proxy image with Caddy 2.6; scripts/setup-docker.sh creates the default one offline. */
    private String image = DEFAULTS.image();

    /** Host IP address that the proxy's HTTP port is published on; 0.0.0.0 for every address of the host. */
    private String publishAddress = DEFAULTS.publishAddress();

    /** Host port, 1 to 65535, on which the proxy serves HTTP for every domain. */
    private int httpPort = DEFAULTS.httpPort();

    /** Maximum time a route change may take until the proxy serves it. */
    private Duration switchTimeLimit = DEFAULTS.switchTimeLimit();

    /**
     * Returns the proxy settings these properties describe.
     *
     * @throws IllegalArgumentException naming the property when a value is invalid
     */
    public ProxySettings toSettings() {
        if (!ProxySettings.isIpLiteral(publishAddress)) {
            throw invalid("publish-address", publishAddress, "must be an IP address such as 0.0.0.0 or 127.0.0.1");
        }
        if (httpPort < 1 || httpPort > 65_535) {
            throw invalid("http-port", httpPort, "must be 1 to 65535");
        }
        if (switchTimeLimit == null || switchTimeLimit.isNegative() || switchTimeLimit.isZero()) {
            throw invalid("switch-time-limit", switchTimeLimit, "must be a positive duration such as 10s");
        }
        try {
            return new ProxySettings(image, publishAddress, httpPort, switchTimeLimit);
        } catch (IllegalArgumentException e) {
            throw invalid("image", image, "must be an image reference such as " + ProxySettings.DEFAULT_IMAGE);
        }
    }

    private static IllegalArgumentException invalid(String property, Object value, String rule) {
        return new IllegalArgumentException("Invalid " + PREFIX + "." + property + " '" + value + "': " + rule);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getPublishAddress() {
        return publishAddress;
    }

    public void setPublishAddress(String publishAddress) {
        this.publishAddress = publishAddress;
    }

    public int getHttpPort() {
        return httpPort;
    }

    public void setHttpPort(int httpPort) {
        this.httpPort = httpPort;
    }

    public Duration getSwitchTimeLimit() {
        return switchTimeLimit;
    }

    public void setSwitchTimeLimit(Duration switchTimeLimit) {
        this.switchTimeLimit = switchTimeLimit;
    }
}
