package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Network;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.StepFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DockerEngineAvailable.class)
class ApplicationNetworkTest {

    private final DockerContainerRuntime first = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
    private final DockerContainerRuntime second = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
    private final DockerObjects objects = new DockerObjects();
    private final ApplicationId application = ApplicationId.random();

    @AfterEach
    void removeDockerObjects() throws Exception {
        objects.removeAll();
        first.close();
        second.close();
    }

    @Test
    void ensureNetworkTwiceReturnsSameNetwork() {
        String created = objects.network(first.ensureNetwork(application));
        String again = first.ensureNetwork(application);

        assertThat(again).isEqualTo(created).isEqualTo("slipway-" + application);
        List<Network> networks = networksNamed(created);
        assertThat(networks).hasSize(1);
        assertThat(networks.get(0).getDriver()).isEqualTo("bridge");
        assertThat(networks.get(0).getLabels()).containsAllEntriesOf(EngineLabels.forApplication(application));
    }

    @Test
    void concurrentEnsureNetworkLeavesOneNetwork() throws Exception {
        objects.network("slipway-" + application);
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                DockerContainerRuntime runtime = i % 2 == 0 ? first : second;
                Callable<String> call = () -> {
                    start.await();
                    return runtime.ensureNetwork(application);
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo("slipway-" + application);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(networksNamed("slipway-" + application)).hasSize(1);
    }

    @Test
    void ensureNetworkWhenForeignNetworkHasNameFails() {
        String name = objects.network("slipway-" + application);
        TestDocker.client().createNetworkCmd().withName(name).withDriver("bridge").exec();

        assertThatThrownBy(() -> first.ensureNetwork(application))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("was not created by Slipway");
        assertThatThrownBy(() -> first.removeNetwork(application))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("was not created by Slipway");
        assertThat(networksNamed(name)).hasSize(1);
    }

    private static List<Network> networksNamed(String name) {
        return TestDocker.client().listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(network -> name.equals(network.getName()))
                .toList();
    }
}
