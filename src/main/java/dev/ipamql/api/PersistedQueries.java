package dev.ipamql.api;

import dev.ipamql.service.Sha256;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Automatic persisted queries as Apollo clients send them: {@code extensions.persistedQuery} with
 * {@code version: 1} and the document's {@code sha256Hash}. A document sent once with its hash is kept
 * (the most recently used {@value #KEPT} of at most {@value #KEPT_LENGTH} characters); later requests may
 * send the hash alone. An unknown hash is answered {@code PERSISTED_QUERY_NOT_FOUND}, on which such clients
 * send the document again: each replica keeps its own, so no replica needs another's.
 */
final class PersistedQueries {

    static final String NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND";
    static final int KEPT = 512;
    static final int KEPT_LENGTH = 32_768;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** What a request's persisted-query extension asks for. */
    interface Outcome {}

    /** No persisted-query extension: the request is handled as it came. */
    record Plain() implements Outcome {}

    /** The document to run: sent with a matching hash, or found by its hash. */
    record Resolved(String query) implements Outcome {}

    /** A hash alone that this replica has not been sent with its document. */
    record Unknown() implements Outcome {}

    /** A malformed extension, or a hash that is not the document's. */
    record Refused(String message) implements Outcome {}

    private final Map<String, String> documents = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    /** The outcome for a request body already known to be a JSON object; {@code query} is null when absent. */
    Outcome resolve(JsonObject request, String query) {
        Object extensions = request.getValue("extensions");
        if (extensions == null) {
            return new Plain();
        }
        if (!(extensions instanceof JsonObject object)) {
            return new Refused("'extensions' must be an object");
        }
        Object persisted = object.getValue("persistedQuery");
        if (persisted == null) {
            return new Plain();
        }
        if (!(persisted instanceof JsonObject persistedQuery) || !Integer.valueOf(1).equals(persistedQuery.getValue("version"))
                || !(persistedQuery.getValue("sha256Hash") instanceof String hash) || !SHA256_HEX.matcher(hash).matches()) {
            return new Refused("'extensions.persistedQuery' must be {\"version\": 1, \"sha256Hash\": <64 lower-case hex digits>}");
        }
        if (query == null) {
            String kept;
            synchronized (documents) {
                kept = documents.get(hash);
            }
            return kept == null ? new Unknown() : new Resolved(kept);
        }
        if (!hash.equals(Sha256.hex(query))) {
            return new Refused("'extensions.persistedQuery.sha256Hash' is not the SHA-256 of the query");
        }
        if (query.length() <= KEPT_LENGTH) {
            synchronized (documents) {
                documents.put(hash, query);
            }
        }
        return new Resolved(query);
    }
}
