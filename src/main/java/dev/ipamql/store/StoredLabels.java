package dev.ipamql.store;

import dev.ipamql.metadata.Labels;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** Labels as the jsonb columns keep them: one JSON object of string values. */
public final class StoredLabels {

    private StoredLabels() {
    }

    public static Labels read(String json) {
        if (json == null || json.equals("{}")) {
            return Labels.NONE;
        }
        Map<String, String> map = new HashMap<>();
        new JsonObject(json).forEach(entry -> map.put(entry.getKey(), (String) entry.getValue()));
        return Labels.stored(map);
    }

    public static String write(Labels labels) {
        return new JsonObject(new HashMap<>(labels.asMap())).encode();
    }
}
