package dev.ipamql.input;

/**
 * The namespace argument of a request: left out (the default namespace), an explicit null, or a name
 * that exists, is missing, or breaks the naming rules.
 */
record Namespace(String name, boolean omitted, Verdict verdict, boolean exists) {

    static Namespace leftOut() {
        return new Namespace("default", true, Verdict.VALID, true);
    }

    static Namespace existing(String name) {
        return new Namespace(name, false, Verdict.VALID, true);
    }

    /** Explicit null: the contract does not say whether it means default or is invalid. */
    static Namespace explicitNull() {
        return new Namespace(null, false, Verdict.UNKNOWN, true);
    }

    static Namespace of(Hostile name) {
        return new Namespace(name.text(), false, name.verdict(), false);
    }

    @Override
    public String toString() {
        return omitted ? "namespace (omitted)" : "namespace " + JsonText.shown(name) + " (" + verdict
                + (verdict == Verdict.VALID ? exists ? ", exists" : ", missing" : "") + ")";
    }
}
