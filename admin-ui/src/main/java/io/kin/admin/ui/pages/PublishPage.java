package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.AdminApiClient;
import io.kin.admin.ui.api.ApiException;
import io.kin.admin.ui.api.ApiModel;
import io.kin.admin.ui.session.ConsoleRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Map;

/** Publish a message as the broker ({@code POST /api/v1/publish}): topic, payload, QoS, retain, expiry. */
@Path("/publish")
@Blocking
public class PublishPage {

    /** The form's values, kept when it is shown again. */
    public record Form(String topic, String payload, String qos, boolean retain, String expiry) {
        static final Form EMPTY = new Form("", "", "0", false, "");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance publish(Form form, Map<String, String> errors);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    PublishPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance form() {
        return Templates.publish(Form.EMPTY, Map.of());
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response publish(@RestForm String topic, @RestForm String payload, @RestForm String qos,
                            @RestForm String retain, @RestForm String expiry) {
        Form form = new Form(topic == null ? "" : topic, payload == null ? "" : payload, qos == null ? "0" : qos,
                Pages.checked(retain), expiry == null ? "" : expiry);
        Long expirySeconds;
        try {
            expirySeconds = Pages.blankToNull(expiry) == null ? null : Long.valueOf(expiry.trim());
        } catch (NumberFormatException e) {
            return Response.status(400).entity(Templates.publish(form,
                    Pages.error("messageExpirySeconds", "must be a whole number of seconds"))).build();
        }
        try {
            ApiModel.PublishResult r = api.publish(new ApiModel.PublishBody(form.topic(), form.payload(), "plain",
                    Integer.valueOf(form.qos()), form.retain(), expirySeconds));
            console.flashSuccess("Published to '" + form.topic() + "' through " + r.node() + ": delivered to "
                    + r.routed() + " session" + (r.routed() == 1 ? "" : "s") + ".");
            // the form stays filled in: publishing the same message again is one click
            return Response.ok(Templates.publish(form, Map.of())).build();
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            Map<String, String> errors = e.fieldErrors();
            if (errors.isEmpty()) {
                errors = Map.of("topic", e.summary()); // the broker's refusal is about the topic
            }
            return Response.status(Pages.status(e)).entity(Templates.publish(form, errors)).build();
        }
    }
}
