package io.kin.admin.ui.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kin.admin.ui.api.ApiModel.Problem;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.util.List;

/** Turns every error answer of the admin API into an {@link ApiException}, reading its problem body when there is one. */
public class ProblemResponseMapper implements ResponseExceptionMapper<ApiException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ApiException toThrowable(Response response) {
        String body = null;
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException ignored) {
            // no readable body: the status alone
        }
        if (body != null && body.startsWith("{")) {
            try {
                Problem p = JSON.readValue(body, Problem.class);
                return new ApiException(response.getStatus(), p.title() == null ? reason(response) : p.title(),
                        p.detail(), p.errors());
            } catch (Exception ignored) {
                // not a problem document
            }
        }
        return new ApiException(response.getStatus(), reason(response), null, List.of());
    }

    private static String reason(Response response) {
        Response.StatusType s = response.getStatusInfo();
        return s == null ? "HTTP " + response.getStatus() : s.getReasonPhrase();
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
