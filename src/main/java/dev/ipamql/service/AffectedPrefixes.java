package dev.ipamql.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The prefixes a change altered, read from its stored result: every prefix a result names ({@code cidr}, with its
 * {@code parentCidr}, whose children changed), the prefix of every address ({@code prefixCidr}), and the prefixes
 * an import wrote ({@code cidrs}). Parents come before their children; namespace changes name none.
 */
public final class AffectedPrefixes {

    private static final List<String> PREFIX_FIELDS = List.of("parentCidr", "cidr", "prefixCidr");

    private AffectedPrefixes() {
    }

    public static List<String> of(String result) {
        Set<String> found = new LinkedHashSet<>();
        try {
            collect(Json.decodeValue(result), found);
        } catch (DecodeException e) {
            // a result that is not an object names no prefix
        }
        return List.copyOf(found);
    }

    private static void collect(Object value, Set<String> found) {
        if (value instanceof JsonObject object) {
            for (String field : PREFIX_FIELDS) {
                if (object.getValue(field) instanceof String cidr) {
                    found.add(cidr);
                }
            }
            if (object.getValue("cidrs") instanceof JsonArray cidrs) {
                cidrs.forEach(cidr -> {
                    if (cidr instanceof String text) {
                        found.add(text);
                    }
                });
            }
            // objects inside arrays are results too (several prefixes); nested objects are labels, never walked
            object.forEach(entry -> {
                if (entry.getValue() instanceof JsonArray array) {
                    collect(array, found);
                }
            });
        } else if (value instanceof JsonArray array) {
            array.forEach(item -> {
                if (item instanceof JsonObject) {
                    collect(item, found);
                }
            });
        }
    }
}
