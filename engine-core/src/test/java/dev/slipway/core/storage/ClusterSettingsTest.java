package dev.slipway.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.engine.ClusterSettings;
import dev.slipway.core.spec.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ClusterSettingsTest {

    @Test
    void propertiesWithoutValuesGetDefaults() {
        ClusterSettings settings = new SlipwayClusterProperties(null, null, null, null).settings();

        assertThat(settings.nodeId()).matches("node-[0-9a-f]{8}");
        assertThat(settings.segments()).isEqualTo(4);
        assertThat(settings.claimTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void invalidValuesNameTheProperty() {
        assertThatThrownBy(() -> new ClusterSettings("a", 0, Duration.ofSeconds(10)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("slipway.cluster.segments");
        assertThatThrownBy(() -> new ClusterSettings("a", 4, Duration.ofMillis(500)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("slipway.cluster.claim-timeout");
        assertThatThrownBy(() -> new ClusterSettings(" ", 4, Duration.ofSeconds(10)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("slipway.cluster.node-id");
    }

    @Test
    void clusterClaimTimeoutSetsTokenStoreClaimTimeout() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("slipway.cluster.enabled", "true")
                .withProperty("slipway.cluster.claim-timeout", "3s");

        new StorageEnvironmentPostProcessor().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty("axon.eventhandling.tokenstore.claim-timeout")).isEqualTo("3000ms");
    }

    @Test
    void applicationTokenStoreClaimTimeoutWins() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("slipway.cluster.enabled", "true")
                .withProperty("axon.eventhandling.tokenstore.claim-timeout", "7s");

        new StorageEnvironmentPostProcessor().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty("axon.eventhandling.tokenstore.claim-timeout")).isEqualTo("7s");
    }

    @Test
    void singleNodeLeavesTokenStoreClaimTimeoutUnset() {
        MockEnvironment environment = new MockEnvironment();

        new StorageEnvironmentPostProcessor().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty("axon.eventhandling.tokenstore.claim-timeout")).isNull();
    }
}
