package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerLauncherTest {

    @Test
    void isRootWhenUserMissingOrRoot() {
        for (String user : new String[] {null, "", " ", "root", "root:root", "0", "0:0", "00:1000", ":1000"}) {
            assertThat(ContainerLauncher.isRoot(user)).as("user '%s'", user).isTrue();
        }
    }

    @Test
    void isRootWhenUserUnprivilegedReturnsFalse() {
        for (String user : new String[] {"65534", "65534:65534", "app", "app:app", "1000:0", "99999999999999999999"}) {
            assertThat(ContainerLauncher.isRoot(user)).as("user '%s'", user).isFalse();
        }
    }
}
