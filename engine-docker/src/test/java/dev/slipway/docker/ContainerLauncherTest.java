package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerLauncherTest {

    private static final String NOBODY = "65534:65534";

    @Test
    void rootMissingOrNamedUserRunsAsNonRootUser() {
        for (String user : new String[] {null, "", " ", "root", "root:root", "0", "0:0", "00:1000", ":1000", "app",
                "app:app", "toor", "1000:0", "0:1000", "1000:root", "99999999999", "-1"}) {
            assertThat(ContainerLauncher.effectiveUser(user, NOBODY)).as("user '%s'", user).isEqualTo(NOBODY);
        }
    }

    @Test
    void numericNonZeroUserIsKept() {
        assertThat(ContainerLauncher.effectiveUser("1000:1001", NOBODY)).isEqualTo("1000:1001");
        assertThat(ContainerLauncher.effectiveUser("65534:65534", NOBODY)).isEqualTo("65534:65534");
    }

    @Test
    void numericUserWithoutGroupGetsNonRootGroup() {
        assertThat(ContainerLauncher.effectiveUser("1000", NOBODY)).isEqualTo("1000:65534");
    }
}
