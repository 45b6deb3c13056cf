package dev.slipway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ListVolumesResponse;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Checks the clean-up of {@link HardenedApp} against a Docker client stub whose removals find their objects missing, as
 * happens when the engine removes them at the same time. No Docker engine is needed.
 */
class HardenedAppTest {

    private static final String APPLICATION = "5f0c3a52-0d8e-4b7e-9a3e-3b1f1c2d4e5f";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> removals = new ArrayList<>();

    @Test
    void removeApplicationIgnoresGoneObjects() throws Exception {
        DockerClient docker = dockerStub(() -> new NotFoundException("{\"message\":\"No such object\"}"),
                () -> new InternalServerErrorException("{\"message\":\"unrecognized image ID sha256:9d7a5738\"}"));

        new HardenedApp(docker).removeApplication(APPLICATION);

        assertThat(removals).containsExactly("RemoveContainerCmd", "RemoveImageCmd", "RemoveImageCmd",
                "RemoveNetworkCmd", "RemoveVolumeCmd");
    }

    @Test
    void removeApplicationRethrowsOtherServerErrors() throws Exception {
        InternalServerErrorException restarting = new InternalServerErrorException(
                "{\"message\":\"daemon is restarting\"}");
        DockerClient docker = dockerStub(() -> new NotFoundException("{\"message\":\"No such object\"}"),
                () -> restarting);

        assertThatThrownBy(() -> new HardenedApp(docker).removeApplication(APPLICATION)).isSameAs(restarting);
    }

    /**
     * Returns a Docker client that lists one container, image, network and volume of the application. Removing a
     * container, network or volume throws the first exception, and removing an image throws the second.
     */
    private DockerClient dockerStub(Supplier<RuntimeException> missing, Supplier<RuntimeException> imageMissing)
            throws Exception {
        Container container = JSON.readValue("{\"Id\":\"c1\"}", Container.class);
        Image image = JSON.readValue("{\"Id\":\"sha256:9d7a5738\",\"RepoTags\":[\"slipway/" + APPLICATION
                + ":d1\"]}", Image.class);
        Network network = JSON.readValue("{\"Id\":\"n1\",\"Name\":\"slipway-" + APPLICATION + "\"}", Network.class);
        ListVolumesResponse volumes = JSON.readValue("{\"Volumes\":[{\"Name\":\"slipway-" + APPLICATION
                + "-data\"}]}", ListVolumesResponse.class);
        return stub(DockerClient.class, command -> switch (command) {
            case "ListContainersCmd" -> List.of(container);
            case "ListImagesCmd" -> List.of(image);
            case "ListNetworksCmd" -> List.of(network);
            case "ListVolumesCmd" -> volumes;
            case "RemoveImageCmd" -> {
                removals.add(command);
                throw imageMissing.get();
            }
            default -> {
                removals.add(command);
                throw missing.get();
            }
        });
    }

    /** What a command's {@code exec()} does, keyed by the command interface's simple name. */
    @FunctionalInterface
    private interface Exec {
        Object run(String command);
    }

    /**
     * Returns a stub of a docker-java interface. Methods that return a command return a stub of that command, its
     * builder methods return the command itself, and {@code exec()} runs {@code exec} with the command's name.
     */
    private static <T> T stub(Class<T> type, Exec exec) {
        return type.cast(Proxy.newProxyInstance(HardenedAppTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("exec")) {
                        return exec.run(type.getSimpleName());
                    }
                    if (method.getReturnType().isInstance(proxy)) {
                        return proxy;
                    }
                    if (method.getReturnType().isInterface()
                            && method.getReturnType().getPackageName().startsWith("com.github.dockerjava.api")) {
                        return stub(method.getReturnType(), exec);
                    }
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                }));
    }
}
