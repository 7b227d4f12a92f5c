package dev.ipamql.metadata;

/** One key/value label, already checked against the Kubernetes label syntax. */
public record Label(String key, String value) {

    public Label {
        LabelSyntax.requireKey("label key", key);
        LabelSyntax.requireValue("label " + key, value);
    }
}
