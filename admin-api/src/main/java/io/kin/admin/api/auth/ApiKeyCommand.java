package io.kin.admin.api.auth;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/** {@code api-key NAME [admin|viewer]}: creates an API key and prints it (only on standard output, once). */
@Singleton
public class ApiKeyCommand {

    private final Pool pool;

    ApiKeyCommand(Pool pool) {
        this.pool = pool;
    }

    public int run(String... args) {
        if (args.length < 2 || args.length > 3 || args[1].isBlank()
                || (args.length == 3 && !args[2].matches(Role.PATTERN))) {
            System.err.println("usage: api-key NAME [admin|viewer]   (role admin when left out)");
            return 2;
        }
        Role role = args.length == 3 ? Role.of(args[2]) : Role.ADMIN;
        ApiKeyView key = ApiKeysResource.create(pool, args[1], role).await().indefinitely();
        System.err.printf("created API key '%s' (id %s, role %s); it is printed once, below:%n", key.name(), key.id(),
                key.role());
        System.out.println(key.key());
        return 0;
    }
}
