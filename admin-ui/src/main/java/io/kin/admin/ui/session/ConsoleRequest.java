package io.kin.admin.ui.session;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * The operator behind the request being served, for pages and templates ({@code inject:console.user},
 * {@code inject:console.admin}, {@code inject:console.csrf}) and for the admin API client's bearer token.
 */
@Named("console")
@RequestScoped
public class ConsoleRequest {

    private ConsoleSession session;
    private String path = "/";

    void bind(ConsoleSession session, String path) {
        this.session = session;
        this.path = path;
    }

    public ConsoleSession session() {
        return session;
    }

    public boolean signedIn() {
        return session != null;
    }

    public String token() {
        return session == null ? null : session.token();
    }

    public String user() {
        return session == null ? "" : session.username();
    }

    public String role() {
        return session == null ? "" : session.role();
    }

    /** Whether edit controls are shown: only to admins (the API refuses viewers' writes anyway). */
    public boolean admin() {
        return session != null && session.admin();
    }

    public String csrf() {
        return session == null ? "" : session.csrfToken();
    }

    /** The first path segment of the page, for marking the current navigation entry. */
    public String section() {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        return slash < 0 ? p : p.substring(0, slash);
    }

    public ConsoleSession.Flash flash() {
        return session == null ? null : session.takeFlash();
    }

    public void flashSuccess(String message) {
        if (session != null) {
            session.flash(ConsoleSession.Flash.success(message));
        }
    }

    public void flashError(String message) {
        if (session != null) {
            session.flash(ConsoleSession.Flash.error(message));
        }
    }
}
