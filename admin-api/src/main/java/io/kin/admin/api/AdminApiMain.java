package io.kin.admin.api;

import io.kin.admin.api.auth.ApiKeyCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * The admin API server, or with arguments one command against its database and exit:
 * {@code api-key NAME [admin|viewer]} prints a new API key ({@code ./kin api-key} runs it).
 */
@QuarkusMain
public class AdminApiMain implements QuarkusApplication {

    @Inject
    ApiKeyCommand apiKeyCommand;

    public static void main(String... args) {
        Quarkus.run(AdminApiMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args[0].equals("api-key")) {
            return apiKeyCommand.run(args);
        }
        System.err.println("unknown command '" + args[0] + "'; usage: api-key NAME [admin|viewer]");
        return 2;
    }
}
