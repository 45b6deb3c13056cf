package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CapabilityName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerFloorTest {

    private final Map<String, String> labels = EngineLabels.forDeployment(ApplicationId.random(),
            DeploymentId.random());

    @Test
    void requestWithSysAdminIsRejected() {
        ContainerRequest request = new ContainerRequest("web", "image", "slipway-app", 8080, Map.of(),
                ResourceLimits.DEFAULT, labels, null, null, List.of(new CapabilityName("SYS_ADMIN")), false);

        assertThatThrownBy(() -> ContainerFloor.requireWithin(request))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("capability SYS_ADMIN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "none", "bridge", "container:web", "HOST", ""})
    void requestOnNonApplicationNetworkIsRejected(String network) {
        ContainerRequest request = new ContainerRequest("web", "image", network, 8080, Map.of(),
                ResourceLimits.DEFAULT, labels);

        assertThatThrownBy(() -> ContainerFloor.requireWithin(request))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("is not an application network");
    }
}
