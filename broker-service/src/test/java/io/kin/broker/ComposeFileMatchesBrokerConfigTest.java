package io.kin.broker;

import io.kin.testkit.ComposeConfigCheck;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class ComposeFileMatchesBrokerConfigTest {

    @Test
    void everyVariableTheComposeFileSetsOnBrokersIsABrokerSetting() throws Exception {
        ComposeConfigCheck.assertServicesUseKnownSettings("broker-service/src/main/docker/Dockerfile");
    }
}
