package dev.ipamql.service;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Callers of tokens already verified, keyed by the SHA-256 digest of the token (never the token itself)
 * and kept until the token's own expiry, never longer. Only this process remembers them, so a key
 * withdrawn from the configuration stops every token it signed on restart at the latest.
 */
final class VerifiedTokens {

    /** What a verification gave: the caller and the token's expiry, in epoch seconds. */
    record Verified(Caller caller, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Verified> byDigest = new ConcurrentHashMap<>();
    private final int capacity;
    private final Clock clock;

    VerifiedTokens(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The caller of {@code token}: remembered while unexpired, else {@code verify}'s answer (a failure is never kept). */
    Caller caller(String token, Function<String, Verified> verify) {
        if (capacity == 0) {
            return verify.apply(token).caller();
        }
        String digest = Sha256.hex(token);
        long now = clock.millis() / 1000;
        Verified known = byDigest.get(digest);
        if (known != null && now < known.expiresAt()) {
            return known.caller();
        }
        Verified verified = verify.apply(token);
        if (now < verified.expiresAt()) {
            if (byDigest.size() >= capacity) {
                evict(now);
            }
            byDigest.put(digest, verified);
        }
        return verified.caller();
    }

    int size() {
        return byDigest.size();
    }

    /** Drops expired entries; when every entry is still valid, drops them all, so the map never outgrows capacity. */
    private void evict(long now) {
        byDigest.values().removeIf(v -> now >= v.expiresAt());
        if (byDigest.size() >= capacity) {
            byDigest.clear();
        }
    }
}
