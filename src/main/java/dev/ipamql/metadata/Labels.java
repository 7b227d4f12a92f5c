package dev.ipamql.metadata;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** The labels of one object: valid keys and values, each key once, at most {@value #MAX}, ordered by key. */
public final class Labels {

    public static final int MAX = 64;
    public static final Labels NONE = new Labels(new TreeMap<>());

    private final SortedMap<String, String> byKey;

    private Labels(SortedMap<String, String> byKey) {
        this.byKey = Collections.unmodifiableSortedMap(byKey);
    }

    /** Labels as given in one argument: a key given twice is refused, not overwritten. */
    public static Labels of(String argument, List<Label> given) {
        if (given == null) {
            return NONE;
        }
        if (given.size() > MAX) {
            throw new InvalidMetadataException(argument + ": " + given.size() + " labels given; at most " + MAX
                    + " are allowed per object");
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (Label label : given) {
            Objects.requireNonNull(label, "label");
            if (map.put(label.key(), label.value()) != null) {
                throw new InvalidMetadataException(argument + ": key " + LabelSyntax.shown(label.key())
                        + " is given more than once");
            }
        }
        return new Labels(map);
    }

    /** Labels as stored: trusted, only ordered. */
    public static Labels stored(Map<String, String> stored) {
        return stored.isEmpty() ? NONE : new Labels(new TreeMap<>(stored));
    }

    /** These labels with {@code set} added or overwritten and {@code remove} dropped (missing keys ignored). */
    public Labels edited(Labels set, Collection<String> remove) {
        TreeMap<String, String> map = new TreeMap<>(byKey);
        map.putAll(set.byKey);
        if (remove != null) {
            for (String key : remove) {
                LabelSyntax.requireKey("removeLabels", key);
                map.remove(key);
            }
        }
        if (map.size() > MAX) {
            throw new InvalidMetadataException("the edit would leave " + map.size() + " labels; at most " + MAX
                    + " are allowed per object");
        }
        return new Labels(map);
    }

    public SortedMap<String, String> asMap() {
        return byKey;
    }

    public List<Label> asList() {
        return byKey.entrySet().stream().map(e -> new Label(e.getKey(), e.getValue())).toList();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Labels labels && labels.byKey.equals(byKey);
    }

    @Override
    public int hashCode() {
        return byKey.hashCode();
    }

    @Override
    public String toString() {
        return byKey.toString();
    }
}
