package io.kin.admin.ui.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kin.admin.ui.api.AdminApiClient;
import io.kin.admin.ui.api.ApiException;
import io.kin.admin.ui.api.ApiModel;
import io.kin.admin.ui.api.Lists;
import io.kin.admin.ui.session.ConsoleRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules: the list with each rule's counters and last error (refreshed live), and the editor: SQL, actions (JSON, as
 * the API takes them), and a panel that tries the rule on a sample message ({@code POST /api/v1/rules/test}) before
 * it is saved. Edits send the ETag read with the rule as If-Match.
 */
@Path("/rules")
@Blocking
public class RulesPage {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String NEW_SQL = "SELECT payload.temp AS t, clientid FROM \"sensors/+/temp\" WHERE t > 30";

    /** A rule with its counters. */
    public record Row(ApiModel.Rule rule, ApiModel.RuleCounters counters, String lastError, String lastErrorAt) {
    }

    /** The editor's values, kept when the form is shown again. {@code originalId} is empty for a new rule. */
    public record RuleForm(String originalId, String etag, String id, String name, String description, String sql,
                           boolean enabled, String actions, String sampleTopic, String sampleClientId,
                           String samplePayload) {
        public boolean editing() {
            return originalId != null && !originalId.isEmpty();
        }
    }

    /**
     * What the sample did: {@code ran} false until the operator asks. {@code sqlError} replaces what the SQL field
     * says (htmx swaps it out of band), so a fixed SQL no longer shows the error of the last save.
     */
    public record Trial(boolean ran, boolean sourceMatched, boolean passed, String output,
                        List<ApiModel.ActionPreview> actions, String error, String sqlError, boolean partial) {
        static final Trial NONE = new Trial(false, false, false, null, List.of(), null, "", false);

        Trial asPartial() {
            return new Trial(ran, sourceMatched, passed, output, actions, error, sqlError, true);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rules(List<Row> rows);

        static native TemplateInstance rules$table(List<Row> rows);

        static native TemplateInstance rule(RuleForm form, Map<String, String> errors, String formError, Trial trial);

        static native TemplateInstance rule$trial(Trial trial);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    RulesPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        return Templates.rules(rows());
    }

    /** The table alone, for the live refresh. */
    @GET
    @Path("table")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance table() {
        return Templates.rules$table(rows());
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (ApiModel.Rule r : Lists.page(api.rules(1000, null), ApiModel.Rule.class).items()) {
            ApiModel.RuleMetrics m;
            try {
                m = api.ruleMetrics(r.id());
            } catch (ApiException e) {
                if (e.status() == 401) {
                    throw e;
                }
                m = null; // deleted meanwhile
            }
            rows.add(new Row(r, m == null || m.totals() == null ? ApiModel.RuleCounters.ZERO : m.totals(),
                    m == null ? null : m.lastError(), m == null ? null : m.lastErrorAt()));
        }
        return rows;
    }

    @GET
    @Path("new")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance create() {
        return Templates.rule(new RuleForm("", "", "", "", "", NEW_SQL, true, "[]", "sensors/b7/temp", "b7-1",
                "{\"temp\": 31.5}"), Map.of(), null, Trial.NONE);
    }

    @GET
    @Path("edit")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance edit(@QueryParam("id") String id) {
        RestResponse<ApiModel.Rule> answer = api.rule(id);
        ApiModel.Rule r = answer.getEntity();
        String etag = answer.getHeaderString("ETag");
        return Templates.rule(new RuleForm(r.id(), etag == null ? "" : etag, r.id(), r.name(),
                r.description() == null ? "" : r.description(), r.sql(), r.enabled(), pretty(withoutNulls(r.actions())),
                "", "", ""), Map.of(), null, Trial.NONE);
    }

    @POST
    @Path("save")
    @Produces(MediaType.TEXT_HTML)
    public Response save(@RestForm String originalId, @RestForm String etag, @RestForm String id,
                         @RestForm String name, @RestForm String description, @RestForm String sql,
                         @RestForm String enabled, @RestForm String actions, @RestForm String sampleTopic,
                         @RestForm String sampleClientId, @RestForm String samplePayload) {
        RuleForm form = form(originalId, etag, id, name, description, sql, enabled, actions, sampleTopic,
                sampleClientId, samplePayload);
        JsonNode actionsJson;
        try {
            actionsJson = actions(form.actions());
        } catch (JsonProcessingException e) {
            return Response.status(400).entity(Templates.rule(form, Pages.error("actions",
                    "not valid JSON: " + e.getOriginalMessage()), null, Trial.NONE)).build();
        }
        ApiModel.RuleBody body = new ApiModel.RuleBody(Pages.blankToNull(form.id()), form.name(),
                Pages.blankToNull(form.description()), form.sql(), form.enabled(), actionsJson);
        try {
            ApiModel.Rule saved = form.editing()
                    ? api.replaceRule(form.originalId(), Pages.blankToNull(form.etag()), body)
                    : api.createRule(body);
            console.flashSuccess("Rule '" + saved.id() + "' was " + (form.editing() ? "saved" : "created") + ".");
            return Pages.redirect("/rules");
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            String formError = e.status() == 412 || e.status() == 409 || e.status() == 403 || e.errors().isEmpty()
                    ? e.summary() : null;
            return Response.status(Pages.status(e)).entity(Templates.rule(form, e.fieldErrors(), formError,
                    Trial.NONE)).build();
        }
    }

    /** Tries the rule in the form on the sample; htmx gets the result panel, a plain form post the whole page. */
    @POST
    @Path("test")
    @Produces(MediaType.TEXT_HTML)
    public Response test(@RestForm String originalId, @RestForm String etag, @RestForm String id,
                         @RestForm String name, @RestForm String description, @RestForm String sql,
                         @RestForm String enabled, @RestForm String actions, @RestForm String sampleTopic,
                         @RestForm String sampleClientId, @RestForm String samplePayload,
                         @HeaderParam("HX-Request") String htmx) {
        RuleForm form = form(originalId, etag, id, name, description, sql, enabled, actions, sampleTopic,
                sampleClientId, samplePayload);
        Map<String, String> errors = Map.of();
        Trial trial;
        try {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("topic", form.sampleTopic());
            if (!form.sampleClientId().isBlank()) {
                input.put("clientid", form.sampleClientId());
            }
            input.put("payload", form.samplePayload());
            ApiModel.RuleTrialResult r = api.testRule(new ApiModel.RuleTrial(form.sql(), actions(form.actions()),
                    input));
            trial = new Trial(true, r.sourceMatched(), r.passed(), r.output() == null ? null : pretty(r.output()),
                    r.actions() == null ? List.of() : r.actions(), null, "", false);
        } catch (JsonProcessingException e) {
            errors = Pages.error("actions", "not valid JSON: " + e.getOriginalMessage());
            trial = new Trial(true, false, false, null, List.of(), "actions: not valid JSON", "", false);
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            errors = e.fieldErrors();
            trial = new Trial(true, false, false, null, List.of(), e.summary(), errors.getOrDefault("sql", ""), false);
        }
        if (htmx != null) {
            return Response.ok(Templates.rule$trial(trial.asPartial())).build();
        }
        return Response.ok(Templates.rule(form, errors, null, trial)).build();
    }

    @POST
    @Path("toggle")
    @Produces(MediaType.TEXT_HTML)
    public Response toggle(@RestForm String id, @RestForm String enable, @RestForm String revision) {
        try {
            if ("true".equals(enable)) {
                api.enableRule(id, ApiModel.ifMatch(revision));
                console.flashSuccess("Rule '" + id + "' is enabled.");
            } else {
                api.disableRule(id, ApiModel.ifMatch(revision));
                console.flashSuccess("Rule '" + id + "' is disabled: it stays stored and stops running.");
            }
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            console.flashError("Could not change rule '" + id + "': " + e.summary());
        }
        return Pages.redirect("/rules");
    }

    @POST
    @Path("delete")
    @Produces(MediaType.TEXT_HTML)
    public Object delete(@RestForm String id, @RestForm String revision, @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Delete rule", "Delete rule '" + id + "' and its counters? This cannot be undone.",
                    "/rules/delete", Map.of("id", id, "revision", revision == null ? "" : revision), "Delete rule",
                    "/rules");
        }
        return Pages.changeThenRedirect(console, () -> api.deleteRule(id, ApiModel.ifMatch(revision)),
                "Rule '" + id + "' was deleted.",
                "Could not delete rule '" + id + "'", "/rules");
    }

    private static RuleForm form(String originalId, String etag, String id, String name, String description,
                                 String sql, String enabled, String actions, String sampleTopic,
                                 String sampleClientId, String samplePayload) {
        return new RuleForm(s(originalId), s(etag), s(id).trim(), s(name), s(description), s(sql),
                Pages.checked(enabled), s(actions), s(sampleTopic), s(sampleClientId), s(samplePayload));
    }

    private static JsonNode actions(String text) throws JsonProcessingException {
        return text == null || text.isBlank() ? JSON.createArrayNode() : JSON.readTree(text);
    }

    /** Actions as the operator wrote them: settings left to their defaults (null) are not shown. */
    static JsonNode withoutNulls(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            List<String> nulls = new ArrayList<>();
            for (Map.Entry<String, JsonNode> f : object.properties()) {
                if (f.getValue().isNull()) {
                    nulls.add(f.getKey());
                } else {
                    withoutNulls(f.getValue());
                }
            }
            object.remove(nulls);
        } else if (node.isArray()) {
            node.forEach(RulesPage::withoutNulls);
        }
        return node;
    }

    private static String pretty(Object value) {
        try {
            return value == null ? "[]" : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static String s(String v) {
        return v == null ? "" : v;
    }
}
