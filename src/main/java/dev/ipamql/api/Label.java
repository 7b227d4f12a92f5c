package dev.ipamql.api;

import dev.ipamql.metadata.Labels;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code Label} and, as an argument, {@code LabelInput}. */
@Description("A key/value label. Keys and values follow Kubernetes label syntax (see SEMANTICS.md).")
public class Label {

    private String key;
    private String value;

    public Label() {
    }

    public Label(String key, String value) {
        this.key = key;
        this.value = value;
    }

    public @NonNull String getKey() {
        return key;
    }

    public void setKey(@NonNull String key) {
        this.key = key;
    }

    public @NonNull String getValue() {
        return value;
    }

    public void setValue(@NonNull String value) {
        this.value = value;
    }

    static List<Label> of(Labels labels) {
        return labels.asMap().entrySet().stream().map(e -> new Label(e.getKey(), e.getValue())).toList();
    }

    /** The argument as the service takes it: pairs, checked there; null when not given. */
    static List<Map.Entry<String, String>> entries(List<Label> given) {
        return given == null ? null : given.stream()
                .<Map.Entry<String, String>>map(l -> new AbstractMap.SimpleImmutableEntry<>(l.key, l.value)).toList();
    }
}
