package io.kin.admin.ui.pages;

import io.quarkus.qute.TemplateExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Small formatting helpers for the templates ({@code value.urlenc}, {@code time.when}, {@code n.count}). */
@TemplateExtension
public final class TemplateExtensions {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private TemplateExtensions() {
    }

    /** For query parameters in links: {@code href="/clients/view?clientId={c.clientId.urlenc}"}. */
    static String urlenc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** An ISO timestamp from the API, readable and in UTC; "—" for none. */
    static String when(String iso) {
        if (iso == null || iso.isBlank()) {
            return "—";
        }
        try {
            return OffsetDateTime.parse(iso).atZoneSameInstant(ZoneOffset.UTC).format(WHEN);
        } catch (RuntimeException e) {
            return iso;
        }
    }

    /** "3 min ago" style age of an ISO timestamp. */
    static String ago(String iso) {
        if (iso == null || iso.isBlank()) {
            return "—";
        }
        try {
            long s = Duration.between(OffsetDateTime.parse(iso), OffsetDateTime.now()).toSeconds();
            if (s < 60) {
                return Math.max(s, 0) + " s ago";
            }
            if (s < 3600) {
                return s / 60 + " min ago";
            }
            if (s < 86400) {
                return s / 3600 + " h ago";
            }
            return s / 86400 + " d ago";
        } catch (RuntimeException e) {
            return iso;
        }
    }

    /** Thousands separated: 12 345. */
    static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n).replace(',', '\u202f');
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
