package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.AdminApiClient;
import io.kin.admin.ui.api.ApiException;
import io.kin.admin.ui.api.ApiModel;
import io.kin.admin.ui.api.Lists;
import io.kin.admin.ui.session.ConsoleRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bridges: the list with enable/disable and delete, and one form per type (HTTP, Kafka, RabbitMQ, MQTT). */
@Path("/bridges")
@Blocking
public class BridgesPage {

    /** A setting with the value the form shows (never a secret's). */
    public record SettingValue(BridgeTypes.Setting setting, String value) {
    }

    public record BridgeForm(String originalName, String etag, String name, String type, String typeLabel,
                             boolean enabled, List<SettingValue> settings, String headers, String bufferSize,
                             String maxRetries, String backoffMillis, String maxBackoffMillis, String maxInflight) {
        public boolean editing() {
            return originalName != null && !originalName.isEmpty();
        }
    }

    /** A bridge with its live state (null when no broker node answered). */
    public record Row(ApiModel.Bridge bridge, String endpoint, ApiModel.BridgeStatus status) {
        /** The badge: the cluster's state, or "unknown" when it could not be read. */
        public String state() {
            return status == null ? "UNKNOWN" : status.state();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance bridges(List<Row> rows, List<String> types, Map<String, String> labels);

        static native TemplateInstance bridge(BridgeForm form, Map<String, String> errors, String formError,
                                              ApiModel.BridgeStatus status, ApiModel.BridgeTestResult tested);
    }

    /** The form as submitted: what it shows again, the settings to send, and the errors found in the console. */
    private record Submitted(BridgeForm form, Map<String, String> settings, Map<String, String> errors,
                             boolean editing) {
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    BridgesPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        List<Row> rows = new ArrayList<>();
        for (ApiModel.Bridge b : Lists.page(api.bridges(1000, null), ApiModel.Bridge.class).items()) {
            Map<String, String> s = b.settings() == null ? Map.of() : b.settings();
            String endpoint = switch (b.type()) {
                case "HTTP" -> s.get("url");
                case "KAFKA" -> s.get("bootstrap-servers");
                case "RABBITMQ" -> s.get("uri");
                case "MQTT" -> s.get("host") + (s.containsKey("port") ? ":" + s.get("port") : "");
                default -> "";
            };
            rows.add(new Row(b, endpoint == null ? "" : endpoint, status(b.name())));
        }
        return Templates.bridges(rows, BridgeTypes.TYPES, BridgeTypes.LABELS);
    }

    @GET
    @Path("new")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance create(@QueryParam("type") String type) {
        String t = BridgeTypes.SETTINGS.containsKey(type) ? type : "HTTP";
        List<SettingValue> settings = new ArrayList<>();
        for (BridgeTypes.Setting s : BridgeTypes.SETTINGS.get(t)) {
            settings.add(new SettingValue(s, ""));
        }
        return Templates.bridge(new BridgeForm("", "", "", t, BridgeTypes.LABELS.get(t), true, settings, "", "", "",
                "", "", ""), Map.of(), null, null, null);
    }

    @GET
    @Path("edit")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance edit(@QueryParam("name") String name) {
        RestResponse<ApiModel.Bridge> answer = api.bridge(name);
        ApiModel.Bridge b = answer.getEntity();
        Map<String, String> stored = b.settings() == null ? Map.of() : b.settings();
        List<SettingValue> settings = new ArrayList<>();
        for (BridgeTypes.Setting s : BridgeTypes.SETTINGS.getOrDefault(b.type(), List.of())) {
            settings.add(new SettingValue(s, s.secret() ? "" : stored.getOrDefault(s.key(), "")));
        }
        StringBuilder headers = new StringBuilder();
        stored.forEach((k, v) -> {
            if (k.startsWith("header.")) {
                headers.append(k.substring("header.".length())).append(": ").append(v).append('\n');
            }
        });
        String etag = answer.getHeaderString("ETag");
        return Templates.bridge(new BridgeForm(b.name(), etag == null ? "" : etag, b.name(), b.type(),
                BridgeTypes.LABELS.getOrDefault(b.type(), b.type()), b.enabled(), settings, headers.toString(),
                Integer.toString(b.bufferSize()), Integer.toString(b.maxRetries()), Long.toString(b.backoffMillis()),
                Long.toString(b.maxBackoffMillis()), Integer.toString(b.maxInflight())), Map.of(), null,
                status(b.name()), null);
    }

    /** The bridge's live state, or null when it cannot be read now (no broker node up). */
    private ApiModel.BridgeStatus status(String name) {
        try {
            return api.bridgeStatus(name);
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            return null;
        }
    }

    @POST
    @Path("save")
    @Produces(MediaType.TEXT_HTML)
    public Response save(@RestForm String originalName, @RestForm String etag, @RestForm String name,
                         @RestForm String type, @RestForm String enabled, @RestForm String headers,
                         @RestForm String bufferSize, @RestForm String maxRetries, @RestForm String backoffMillis,
                         @RestForm String maxBackoffMillis, @RestForm String maxInflight,
                         ServerRequestContext request) {
        Submitted sub = submitted(originalName, etag, name, type, enabled, headers, bufferSize, maxRetries,
                backoffMillis, maxBackoffMillis, maxInflight, request);
        BridgeForm form = sub.form();
        boolean editing = sub.editing();
        Map<String, String> settings = sub.settings();
        String t = form.type();
        if (!sub.errors().isEmpty()) {
            return Response.status(400).entity(Templates.bridge(form, sub.errors(), null, null, null)).build();
        }
        try {
            ApiModel.BridgeBody body = new ApiModel.BridgeBody(editing ? null : form.name(), t, form.enabled(),
                    settings, integer(bufferSize, "bufferSize"), integer(maxRetries, "maxRetries"),
                    longer(backoffMillis, "backoffMillis"), longer(maxBackoffMillis, "maxBackoffMillis"),
                    integer(maxInflight, "maxInflight"));
            ApiModel.Bridge saved = editing ? api.replaceBridge(form.originalName(), Pages.blankToNull(form.etag()), body)
                    : api.createBridge(body);
            console.flashSuccess("Bridge '" + saved.name() + "' was " + (editing ? "saved" : "created")
                    + "; brokers apply it within a second.");
            return Pages.redirect("/bridges");
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            String formError = e.errors().isEmpty() ? e.summary() : null;
            return Response.status(Pages.status(e)).entity(Templates.bridge(form, e.fieldErrors(), formError, null,
                    null)).build();
        }
    }

    /**
     * "Test connection": the unsaved form values go to POST /bridges/test; the form is shown again with what the
     * broker node found (or the field errors, as on save). A secret left empty while editing is sent masked, so the
     * admin API tries the stored one.
     */
    @POST
    @Path("test")
    @Produces(MediaType.TEXT_HTML)
    public Response test(@RestForm String originalName, @RestForm String etag, @RestForm String name,
                         @RestForm String type, @RestForm String enabled, @RestForm String headers,
                         @RestForm String bufferSize, @RestForm String maxRetries, @RestForm String backoffMillis,
                         @RestForm String maxBackoffMillis, @RestForm String maxInflight,
                         ServerRequestContext request) {
        Submitted sub = submitted(originalName, etag, name, type, enabled, headers, bufferSize, maxRetries,
                backoffMillis, maxBackoffMillis, maxInflight, request);
        BridgeForm form = sub.form();
        if (!sub.errors().isEmpty()) {
            return Response.status(400).entity(Templates.bridge(form, sub.errors(), null, null, null)).build();
        }
        try {
            ApiModel.BridgeBody body = new ApiModel.BridgeBody(form.name(), form.type(), form.enabled(),
                    sub.settings(), integer(bufferSize, "bufferSize"), integer(maxRetries, "maxRetries"),
                    longer(backoffMillis, "backoffMillis"), longer(maxBackoffMillis, "maxBackoffMillis"),
                    integer(maxInflight, "maxInflight"));
            ApiModel.BridgeTestResult tested = api.testBridge(body);
            return Response.ok(Templates.bridge(form, Map.of(), null,
                    sub.editing() ? status(form.originalName()) : null, tested)).build();
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            String formError = e.errors().isEmpty() ? e.summary() : null;
            return Response.status(Pages.status(e)).entity(Templates.bridge(form, e.fieldErrors(), formError, null,
                    null)).build();
        }
    }


    private Submitted submitted(String originalName, String etag, String name, String type, String enabled,
                                String headers, String bufferSize, String maxRetries, String backoffMillis,
                                String maxBackoffMillis, String maxInflight, ServerRequestContext request) {
        ResteasyReactiveRequestContext ctx = (ResteasyReactiveRequestContext) request;
        String t = BridgeTypes.SETTINGS.containsKey(type) ? type : "HTTP";
        boolean editing = originalName != null && !originalName.isEmpty();
        List<SettingValue> shown = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (BridgeTypes.Setting s : BridgeTypes.SETTINGS.get(t)) {
            Object raw = ctx.getFormParameter(s.field(), true, false);
            String value = raw == null ? "" : raw.toString().trim();
            shown.add(new SettingValue(s, s.secret() ? "" : value));
            if (!value.isEmpty()) {
                settings.put(s.key(), value);
            } else if (s.secret() && editing) {
                settings.put(s.key(), BridgeTypes.MASK); // left empty: keep the stored secret
            }
        }
        String headerText = headers == null ? "" : headers;
        Map<String, String> errors = new LinkedHashMap<>();
        for (String line : headerText.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                errors.put("headers", "each line is 'Name: value'");
                continue;
            }
            settings.put("header." + line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        BridgeForm form = new BridgeForm(s(originalName), s(etag), s(name).trim(), t, BridgeTypes.LABELS.get(t),
                Pages.checked(enabled), shown, headerText, s(bufferSize), s(maxRetries), s(backoffMillis),
                s(maxBackoffMillis), s(maxInflight));
        return new Submitted(form, settings, errors, editing);
    }

    @POST
    @Path("toggle")
    @Produces(MediaType.TEXT_HTML)
    public Response toggle(@RestForm String name, @RestForm String enable, @RestForm String revision) {
        try {
            if ("true".equals(enable)) {
                api.enableBridge(name, ApiModel.ifMatch(revision));
                console.flashSuccess("Bridge '" + name + "' is enabled.");
            } else {
                api.disableBridge(name, ApiModel.ifMatch(revision));
                console.flashSuccess("Bridge '" + name + "' is disabled.");
            }
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            console.flashError("Could not change bridge '" + name + "': " + e.summary());
        }
        return Pages.redirect("/bridges");
    }

    @POST
    @Path("delete")
    @Produces(MediaType.TEXT_HTML)
    public Object delete(@RestForm String name, @RestForm String revision, @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Delete bridge", "Delete bridge '" + name + "'? Rule actions that still name it "
                    + "will count as failed.", "/bridges/delete", Map.of("name", name, "revision", revision == null ? "" : revision), "Delete bridge",
                    "/bridges");
        }
        return Pages.changeThenRedirect(console, () -> api.deleteBridge(name, ApiModel.ifMatch(revision)),
                "Bridge '" + name + "' was deleted.",
                "Could not delete bridge '" + name + "'", "/bridges");
    }

    private static Integer integer(String v, String field) {
        String s = Pages.blankToNull(v);
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "Invalid bridge", field + ": must be a whole number",
                    List.of(new ApiModel.FieldError(field, "must be a whole number", null, null)));
        }
    }

    private static Long longer(String v, String field) {
        Integer i = integer(v, field);
        return i == null ? null : i.longValue();
    }

    private static String s(String v) {
        return v == null ? "" : v;
    }
}
