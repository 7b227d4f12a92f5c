package dev.ipamql.input;

/** A generated text and the contract's verdict on it; printed escaped so that invisible characters show. */
record Hostile(String text, Verdict verdict) {

    static Hostile valid(String text) {
        return new Hostile(text, Verdict.VALID);
    }

    static Hostile invalid(String text) {
        return new Hostile(text, Verdict.INVALID);
    }

    @Override
    public String toString() {
        return JsonText.shown(text) + " (" + verdict + ")";
    }
}
