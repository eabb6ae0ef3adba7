package io.kin.admin.ui.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.Map;

/**
 * The confirmation step of every destructive action, without JavaScript: the action's form posts without
 * {@code confirmed}, gets this page, and its button posts the same fields again with {@code confirmed=yes}.
 */
final class ConfirmPage {

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance confirm(String title, String message, String action, Map<String, String> fields,
                                               String button, String cancel);
    }

    private ConfirmPage() {
    }

    static boolean confirmed(String value) {
        return "yes".equals(value);
    }

    static TemplateInstance ask(String title, String message, String action, Map<String, String> fields,
                                String button, String cancel) {
        return Templates.confirm(title, message, action, fields, button, cancel);
    }
}
