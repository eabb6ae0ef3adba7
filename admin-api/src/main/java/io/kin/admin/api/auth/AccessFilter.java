package io.kin.admin.api.auth;

import io.kin.admin.api.problem.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * Every {@code /api/v1} request but the login itself must carry {@code Authorization: Bearer <token>}: a console
 * session token or an API key. Viewers may read; everything that changes something needs the admin role, and
 * managing admin users and API keys needs it even to read. One indexed lookup per request: the admin API is not a hot
 * path, and a deleted key or a logged-out session stops working at once, on every admin API instance.
 */
public class AccessFilter {

    private static final String API = "/api/v1/";
    private static final String LOGIN = "/api/v1/auth/login";
    /** Reads for everybody who is signed in; writes that change nothing stored. */
    private static final Set<String> VIEWER_POSTS = Set.of("/api/v1/rules/test", "/api/v1/auth/logout");
    private static final Set<String> ADMIN_ONLY = Set.of("/api/v1/admin-users", "/api/v1/api-keys");

    private final Pool pool;

    AccessFilter(Pool pool) {
        this.pool = pool;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/+", "");
        if (!path.startsWith(API) || path.equals(LOGIN)) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Uni.createFrom().item(unauthorized("this endpoint needs 'Authorization: Bearer <API key or "
                    + "session token>'; log in at POST /api/v1/auth/login or create an API key"));
        }
        String token = header.substring(7).trim();
        return caller(token).map(caller -> {
            if (caller == null) {
                return unauthorized("the API key or session token is unknown, revoked or expired");
            }
            request.setProperty(Caller.PROPERTY, caller);
            if (caller.role() != Role.ADMIN && needsAdmin(request.getMethod(), path)) {
                return Problem.of(403, "forbidden", "Forbidden", "'" + caller.name() + "' has the "
                        + caller.role().id() + " role, which may only read; this needs the admin role", null)
                        .toResponse();
            }
            return null;
        });
    }

    static boolean needsAdmin(String method, String path) {
        for (String area : ADMIN_ONLY) {
            if (path.equals(area) || path.startsWith(area + "/")) {
                return true;
            }
        }
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                || HttpMethod.OPTIONS.equals(method);
        return !read && !(HttpMethod.POST.equals(method) && VIEWER_POSTS.contains(path));
    }

    private Uni<Caller> caller(String token) {
        String hash = Tokens.hash(token);
        if (token.startsWith(Tokens.SESSION_PREFIX)) {
            return pool.preparedQuery("""
                            SELECT u.username, u.role FROM kin_admin_session s
                            JOIN kin_admin_user u ON u.username = s.username
                            WHERE s.token_hash = $1 AND s.expires_at > now()""")
                    .execute(Tuple.of(hash))
                    .map(rows -> {
                        if (rows.size() == 0) {
                            return null;
                        }
                        Row r = rows.iterator().next();
                        return new Caller(r.getString("username"), Role.of(r.getString("role")), "user");
                    });
        }
        // last_used_at is written at most once a minute per key, in the same round trip as the lookup
        return pool.preparedQuery("""
                        WITH touched AS (
                            UPDATE kin_api_key SET last_used_at = now() WHERE key_hash = $1
                            AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
                        SELECT name, role FROM kin_api_key WHERE key_hash = $1""")
                .execute(Tuple.of(hash))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Caller(r.getString("name"), Role.of(r.getString("role")), "api-key");
                });
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(401, "unauthorized", "Unauthorized", detail, null).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kin\"").build();
    }
}
