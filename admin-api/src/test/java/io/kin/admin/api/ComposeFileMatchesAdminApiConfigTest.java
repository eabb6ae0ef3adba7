package io.kin.admin.api;

import io.kin.testkit.ComposeConfigCheck;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class ComposeFileMatchesAdminApiConfigTest {

    @Test
    void everyVariableTheComposeFileSetsOnTheAdminApiIsASetting() throws Exception {
        ComposeConfigCheck.assertServicesUseKnownSettings("admin-api/src/main/docker/Dockerfile");
    }
}
