package io.kin.admin.ui.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Topics with a retained message: browse by topic filter, view a payload as text, JSON or hex, delete. */
@Path("/topics")
@Blocking
public class TopicsPage {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A retained message as listed: its size instead of the payload. */
    public record Row(ApiModel.Retained message, int size) {
    }

    /** A payload shown one way; {@code problem} says why it cannot be (not UTF-8, not JSON). */
    public record Payload(String as, String text, String problem, int size) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance topics(String filter, List<Row> rows, long total, String nextCursor,
                                              String cursor, Map<String, String> errors);

        static native TemplateInstance message(ApiModel.Retained message, Payload payload);
    }

    private final AdminApiClient api;
    private final ConsoleRequest console;

    TopicsPage(@RestClient AdminApiClient api, ConsoleRequest console) {
        this.api = api;
        this.console = console;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@QueryParam("filter") String filter, @QueryParam("cursor") String cursor) {
        String f = filter == null || filter.isBlank() ? "#" : filter.trim();
        String c = cursor == null ? "" : cursor;
        try {
            ApiModel.Page<ApiModel.Retained> page = api.retained(f, Pages.PAGE_SIZE, Pages.blankToNull(cursor));
            List<Row> rows = new ArrayList<>();
            for (ApiModel.Retained m : page.items()) {
                rows.add(new Row(m, bytes(m).length));
            }
            return Response.ok(Templates.topics(f, rows, page.total(), page.nextCursor(), c, Map.of())).build();
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            Map<String, String> errors = e.fieldErrors().isEmpty() ? Map.of("filter", e.summary()) : e.fieldErrors();
            if (!errors.containsKey("filter")) {
                errors = Map.of("filter", e.summary());
            }
            return Response.status(400).entity(Templates.topics(f, List.of(), 0, null, c, errors)).build();
        }
    }

    @GET
    @Path("message")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance message(@QueryParam("topic") String topic, @QueryParam("as") String as) {
        ApiModel.Retained m = api.retainedMessage(topic);
        return Templates.message(m, payload(bytes(m), as == null ? "text" : as));
    }

    @POST
    @Path("delete")
    @Produces(MediaType.TEXT_HTML)
    public Object delete(@RestForm String topic, @RestForm String confirmed) {
        if (!ConfirmPage.confirmed(confirmed)) {
            return ConfirmPage.ask("Delete retained message", "Delete the retained message of topic '" + topic
                            + "'? New subscribers will no longer receive it.", "/topics/delete",
                    Map.of("topic", topic), "Delete retained message", "/topics/message?topic=" + Pages.enc(topic));
        }
        return Pages.changeThenRedirect(console, () -> api.deleteRetained(topic),
                "The retained message of '" + topic + "' was deleted.",
                "Could not delete the retained message of '" + topic + "'", "/topics");
    }

    static byte[] bytes(ApiModel.Retained m) {
        if (m.payload() == null) {
            return new byte[0];
        }
        if ("base64".equals(m.payloadEncoding())) {
            try {
                return Base64.getDecoder().decode(m.payload());
            } catch (IllegalArgumentException e) {
                return m.payload().getBytes(StandardCharsets.UTF_8);
            }
        }
        return m.payload().getBytes(StandardCharsets.UTF_8);
    }

    static Payload payload(byte[] bytes, String as) {
        switch (as) {
            case "hex":
                return new Payload("hex", hexDump(bytes), null, bytes.length);
            case "json": {
                String text = utf8(bytes);
                if (text == null) {
                    return new Payload("json", null, "The payload is not UTF-8 text, so it is not JSON.", bytes.length);
                }
                try {
                    JsonNode node = JSON.readTree(text);
                    if (node == null) {
                        return new Payload("json", null, "The payload is empty.", bytes.length);
                    }
                    return new Payload("json", JSON.writeValueAsString(node), null, bytes.length);
                } catch (Exception e) {
                    return new Payload("json", null, "The payload is not valid JSON.", bytes.length);
                }
            }
            default: {
                String text = utf8(bytes);
                return text == null
                        ? new Payload("text", null, "The payload is not UTF-8 text: view it as hex.", bytes.length)
                        : new Payload("text", text, null, bytes.length);
            }
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** 16 bytes a line: offset, hex, printable ASCII. */
    static String hexDump(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int off = 0; off < bytes.length; off += 16) {
            out.append(String.format("%08x  ", off));
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (off + i < bytes.length) {
                    int b = bytes[off + i] & 0xff;
                    out.append(String.format("%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
                if (i == 7) {
                    out.append(' ');
                }
            }
            out.append(' ').append(ascii).append('\n');
        }
        return out.toString();
    }
}
