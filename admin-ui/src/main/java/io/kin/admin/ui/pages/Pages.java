package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.ApiException;
import io.kin.admin.ui.session.ConsoleRequest;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What the page resources share: redirects after a POST, URL encoding, list page size. */
final class Pages {

    /** Rows per page of the live-state and provisioning lists. */
    static final int PAGE_SIZE = 25;

    private Pages() {
    }

    /** 303 See Other: the browser GETs the target (post/redirect/get, so a reload never re-posts). */
    static Response redirect(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    static String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static boolean checked(String formValue) {
        return formValue != null && (formValue.equals("on") || formValue.equals("true") || formValue.equals("yes"));
    }

    static Integer intOrNull(String s) {
        String v = blankToNull(s);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "Invalid form", null, java.util.List.of());
        }
    }

    /** Field errors for a form that failed before reaching the API. */
    static Map<String, String> error(String field, String message) {
        return Map.of(field, message);
    }

    /** The status a re-rendered form answers with: the API's for its errors (400, 409, 412...). */
    static int status(ApiException e) {
        return e.status() >= 400 && e.status() < 500 ? e.status() : 400;
    }

    /**
     * Runs a change against the admin API, flashes how it went and goes back to {@code back}. A lost sign-in (401)
     * is not a failure of the change: it goes on to the login page.
     */
    static Response changeThenRedirect(ConsoleRequest console, Runnable change, String done, String failed,
                                       String back) {
        try {
            change.run();
            console.flashSuccess(done);
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            console.flashError(failed + ": " + e.summary());
        }
        return redirect(back);
    }
}
