package io.kin.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kin.rules.action.InvalidActionException;
import io.kin.rules.action.RuleAction;

import java.util.List;

/** A rule's actions as stored (a JSON array of objects with a {@code type}) and back. */
public final class RuleActionsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final TypeReference<List<RuleAction>> LIST = new TypeReference<>() {
    };

    private RuleActionsJson() {
    }

    /** @throws InvalidActionException when the JSON is not a list of known actions */
    public static List<RuleAction> read(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            List<RuleAction> actions = MAPPER.readValue(json, LIST);
            return actions == null ? List.of() : actions;
        } catch (JsonProcessingException e) {
            throw new InvalidActionException("actions are not valid: " + e.getOriginalMessage());
        }
    }

    public static String write(List<RuleAction> actions) {
        try {
            return MAPPER.writerFor(LIST).writeValueAsString(actions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("actions could not be written as JSON", e);
        }
    }
}
