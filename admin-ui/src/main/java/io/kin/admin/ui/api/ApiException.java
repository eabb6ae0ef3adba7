package io.kin.admin.ui.api;

import io.kin.admin.ui.api.ApiModel.FieldError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An error answer of the admin API (an RFC 7807 problem), with its field errors for rendering next to fields. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;

    public ApiException(int status, String title, String detail, List<FieldError> errors) {
        super(status + " " + title + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /**
     * Field errors by field name, for the form: {@code actions[0].topic} counts for {@code actions} (and for itself);
     * SQL errors get their line and column.
     */
    public Map<String, String> fieldErrors() {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError e : errors) {
            String field = e.field() == null ? "" : e.field().replaceAll("[\\[.].*$", "");
            String message = e.line() != null ? "line " + e.line() + ", column " + e.column() + ": " + e.message()
                    : e.message();
            byField.merge(field, message, (a, b) -> a + "; " + b);
            if (e.field() != null && !e.field().equals(field)) {
                byField.merge(e.field(), message, (a, b) -> a + "; " + b); // settings.url: next to that setting
            }
        }
        return byField;
    }

    /** What to tell the operator in a flash message. */
    public String summary() {
        return switch (status) {
            case 403 -> "Your role does not allow this change.";
            case 412 -> "This item was changed by someone else since you opened it: reload it and apply your change again.";
            case 429 -> "Too many attempts: wait a moment and try again.";
            default -> detail == null || detail.isBlank() ? title : detail;
        };
    }
}
