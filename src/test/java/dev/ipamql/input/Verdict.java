package dev.ipamql.input;

/** How the contract judges a generated value: certainly valid, certainly invalid, or either. */
enum Verdict {
    VALID, INVALID, UNKNOWN;

    static Verdict of(boolean valid) {
        return valid ? VALID : INVALID;
    }
}
