package io.kin.admin.ui;

import io.kin.testkit.ComposeConfigCheck;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ComposeFileMatchesConsoleConfigTest {

    @Test
    void everyVariableTheComposeFileSetsOnTheConsoleIsASetting() throws Exception {
        ComposeConfigCheck.assertServicesUseKnownSettings("admin-ui/src/main/docker/Dockerfile");
    }
}
