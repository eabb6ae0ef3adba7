package io.kin.admin.ui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/** Reads list answers that are either a JSON array or a page ({items, total, nextCursor}). */
public final class Lists {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    private Lists() {
    }

    public static <T> ApiModel.Page<T> page(JsonNode answer, Class<T> type) {
        JsonNode items = answer != null && answer.isObject() ? answer.path("items") : answer;
        List<T> list = new ArrayList<>();
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                list.add(JSON.convertValue(item, type));
            }
        }
        long total = answer != null && answer.has("total") ? answer.get("total").asLong() : list.size();
        String next = answer != null && answer.hasNonNull("nextCursor") ? answer.get("nextCursor").asText() : null;
        return new ApiModel.Page<>(list, total, next);
    }
}
