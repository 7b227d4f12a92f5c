package dev.ipamql.service;

import dev.ipamql.metadata.Labels;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.VersionConflictException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an update asks of an object's own fields, already validated: null means not given; an empty
 * description clears it; {@code labels} replaces the set, {@code set}/{@code remove} edit it.
 */
public record MetadataEdit(String description, Labels labels, Labels set, List<String> remove, Integer ifVersion) {

    /** An update's arguments as the client gave them, not yet checked. */
    public record Given(String description, List<? extends Map.Entry<String, String>> labels,
                        List<? extends Map.Entry<String, String>> setLabels, List<String> removeLabels, Integer ifVersion) {

        MetadataEdit validated(Arguments arguments) {
            return MetadataEdit.of(arguments, description, labels, setLabels, removeLabels, ifVersion);
        }
    }

    public MetadataEdit {
        if (labels != null && (set != null || remove != null)) {
            throw new InvalidArgumentException("labels replaces the whole set: give it alone, or setLabels/removeLabels");
        }
    }

    private static MetadataEdit of(Arguments arguments, String description, List<? extends Map.Entry<String, String>> labels,
                           List<? extends Map.Entry<String, String>> setLabels, List<String> removeLabels,
                           Integer ifVersion) {
        return new MetadataEdit(arguments.description(description), arguments.labels("labels", labels),
                arguments.labels("setLabels", setLabels), keys(removeLabels), ifVersion);
    }

    /** Keys to remove: each a valid label key, at most as many as an object can hold. */
    private static List<String> keys(List<String> removeLabels) {
        if (removeLabels == null) {
            return null;
        }
        if (removeLabels.size() > Labels.MAX) {
            throw new InvalidArgumentException("removeLabels: " + removeLabels.size() + " keys given; at most "
                    + Labels.MAX + " are allowed");
        }
        // edits nothing, but checks every key as an edit does
        Arguments.metadata(() -> Labels.NONE.edited(Labels.NONE, removeLabels));
        return List.copyOf(removeLabels);
    }

    /** The object's fields after the edit. */
    record Result(String description, Labels labels, boolean changed) {
    }

    /** The edit applied to an object at {@code version}; VERSION_CONFLICT when ifVersion is not that version. */
    Result applyTo(String what, String currentDescription, Labels currentLabels, int version) {
        if (ifVersion != null && ifVersion != version) {
            throw new VersionConflictException(what + " is at version " + version + ", not " + ifVersion
                    + "; read it again and retry");
        }
        String newDescription = description == null ? currentDescription : description.isEmpty() ? null : description;
        Labels newLabels = labels != null ? labels
                : set != null || remove != null
                        ? Arguments.metadata(() -> currentLabels.edited(set == null ? Labels.NONE : set, remove))
                        : currentLabels;
        boolean changed = !Objects.equals(newDescription, currentDescription) || !newLabels.equals(currentLabels);
        return new Result(newDescription, newLabels, changed);
    }

    /** The update's arguments as its audit record keeps them: {@code keys}, then Operation's update arguments. */
    Object[] recorded(Object... keys) {
        Object[] own = {description, Recorded.labels(labels), Recorded.labels(set),
                remove == null ? null : new JsonArray(remove), ifVersion};
        Object[] all = java.util.Arrays.copyOf(keys, keys.length + own.length);
        System.arraycopy(own, 0, all, keys.length, own.length);
        return all;
    }

    /** Metadata arguments in audit records. */
    static final class Recorded {
        private Recorded() {
        }

        static JsonObject labels(Labels labels) {
            return labels == null ? null : new JsonObject(new HashMap<>(labels.asMap()));
        }
    }
}
