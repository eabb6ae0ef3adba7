package io.kin.admin.ui.session;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Every console page needs a signed-in operator (else: to the login page), and every POST needs the session's CSRF
 * token, from the hidden {@code _csrf} field every form carries (or the {@code X-CSRF-Token} header).
 */
public class SessionFilter {

    public static final String CSRF_FIELD = "_csrf";

    @Inject
    ConsoleSessions sessions;

    @Inject
    ConsoleRequest request;

    @WithFormRead
    @ServerRequestFilter
    public Response filter(ResteasyReactiveContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (path.equals("/login")) {
            return null; // the login page checks its own pre-session CSRF token
        }
        Cookie cookie = ctx.getCookies().get(ConsoleSessions.COOKIE);
        Optional<ConsoleSession> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            String next = ctx.getMethod().equals("GET") ? path : "/";
            URI login = URI.create("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            if (ctx.getHeaderString("HX-Request") != null) {
                return Response.status(401).header("HX-Redirect", login.toString()).build();
            }
            return Response.seeOther(login).build();
        }
        request.bind(session.get(), path);
        if (!ctx.getMethod().equals("GET") && !ctx.getMethod().equals("HEAD")) {
            String sent = ctx.getHeaderString("X-CSRF-Token");
            if (sent == null) {
                Object field = ((ResteasyReactiveRequestContext) ctx.getServerRequestContext())
                        .getFormParameter(CSRF_FIELD, true, false);
                sent = field == null ? null : field.toString();
            }
            if (!same(sent, session.get().csrfToken())) {
                return Response.status(403).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                        .entity("This form has expired or did not come from the console: reload the page and try again.")
                        .build();
            }
        }
        return null;
    }

    static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }
}
