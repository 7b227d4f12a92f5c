package dev.ipamql.metadata;

/** A durable allocation key: 1-253 printable characters, no control characters, no lone surrogates. */
public record Claim(String text) {

    public static final int MAX_LENGTH = 253;

    public Claim {
        if (text == null || text.isEmpty()) {
            throw new InvalidMetadataException("claim must not be empty");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_LENGTH) {
            throw new InvalidMetadataException("claim is " + length + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !paired
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                throw new InvalidMetadataException("claim " + LabelSyntax.shown(text)
                        + " contains a control or invalid character at position " + i);
            }
            if (paired) {
                i++;
            }
        }
    }

    /** A claim argument: null when not given. */
    public static Claim ofNullable(String text) {
        return text == null ? null : new Claim(text);
    }
}
