package dev.ipamql.input;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Byte-exact text for hostile requests: JSON and GraphQL literals written in pure ASCII with every
 * other character escaped, so that NUL bytes, control characters and lone surrogates reach the service
 * exactly as generated (a general-purpose encoder would replace or refuse them).
 */
final class JsonText {

    /** A JSON token written as is, e.g. {@code 1e400}, which no Java number prints to. */
    record Raw(String json) {
        @Override
        public String toString() {
            return "raw JSON " + json;
        }
    }

    /** An enum value: a JSON string as a variable, a bare name in a GraphQL literal. */
    record EnumName(String name) {
        @Override
        public String toString() {
            return "enum " + shown(name);
        }
    }

    /** An explicit null inside generated values (which cannot hold Java nulls). */
    static final Raw NULL = new Raw("null");

    private JsonText() {
    }

    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        writeJson(out, value);
        return out.toString();
    }

    private static void writeJson(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            quoted(out, text, false);
        } else if (value instanceof EnumName name) {
            quoted(out, name.name(), false);
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof BigDecimal || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double number) {
            out.append(BigDecimal.valueOf(number).toString());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quoted(out, String.valueOf(entry.getKey()), false);
                out.append(':');
                writeJson(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    /** The value as a GraphQL input literal (strings quoted and escaped, enums bare). */
    static String graphql(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            StringBuilder out = new StringBuilder();
            quoted(out, text, true);
            return out.toString();
        }
        if (value instanceof EnumName name) {
            boolean bare = name.name().matches("[_A-Za-z][_0-9A-Za-z]*")
                    && !List.of("null", "true", "false").contains(name.name());
            return bare ? name.name() : graphql(name.name());
        }
        if (value instanceof Raw raw) {
            return raw.json();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                out.append(i > 0 ? ", " : "").append(graphql(list.get(i)));
            }
            return out.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append(": ").append(graphql(v)));
            return out.append('}').toString();
        }
        return String.valueOf(value);
    }

    private static void quoted(StringBuilder out, String text, boolean graphql) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
    }

    /** Java-escaped, shortened text for failure reports: invisible characters become visible. */
    static String shown(String text) {
        return shown(text, 160);
    }

    static String shown(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(text.length(), maxChars);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (text.length() > limit) {
            out.append("... (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
