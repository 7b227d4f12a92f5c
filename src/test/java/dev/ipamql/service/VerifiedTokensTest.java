package dev.ipamql.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ipamql.service.VerifiedTokens.Verified;
import dev.ipamql.service.error.UnauthenticatedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A token is verified once and remembered until its expiry, never past it; failures are never remembered. */
class VerifiedTokensTest {

    private static final Caller ALICE = new Caller("alice", Set.of(Caller.ADMIN), Set.of("*"));

    private final MutableClock clock = new MutableClock(1_000_000);
    private final AtomicInteger verifications = new AtomicInteger();

    private Function<String, Verified> expiringAt(long expiresAt) {
        return token -> {
            verifications.incrementAndGet();
            return new Verified(ALICE, expiresAt);
        };
    }

    @Test
    void aTokenIsVerifiedOnceWhileItIsValid() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);

        assertSame(ALICE, tokens.caller("t1", expiringAt(1_000_100)));
        clock.seconds = 1_000_099;
        assertSame(ALICE, tokens.caller("t1", expiringAt(1_000_100)));

        assertEquals(1, verifications.get());
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndItsVerdictStands() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        tokens.caller("t1", expiringAt(1_000_100));
        clock.seconds = 1_000_100;

        assertThrows(UnauthenticatedException.class, () -> tokens.caller("t1", token -> {
            throw new UnauthenticatedException("expired");
        }));
        assertEquals(1, verifications.get());
    }

    @Test
    void aTokenAlreadyExpiredWhenVerifiedIsNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);

        tokens.caller("t1", expiringAt(1_000_000));
        tokens.caller("t1", expiringAt(1_000_000));

        assertEquals(2, verifications.get());
        assertEquals(0, tokens.size());
    }

    @Test
    void aFailedVerificationIsNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);

        assertThrows(UnauthenticatedException.class, () -> tokens.caller("bad", token -> {
            throw new UnauthenticatedException("bad");
        }));
        assertSame(ALICE, tokens.caller("bad", expiringAt(1_000_100)));
        assertEquals(1, verifications.get());
    }

    @Test
    void theCacheNeverHoldsMoreThanItsCapacity() {
        VerifiedTokens tokens = new VerifiedTokens(3, clock);
        tokens.caller("old", expiringAt(1_000_010));
        tokens.caller("t2", expiringAt(1_000_100));
        tokens.caller("t3", expiringAt(1_000_100));
        clock.seconds = 1_000_010;

        tokens.caller("t4", expiringAt(1_000_100));
        assertEquals(3, tokens.size(), "the expired entry made room");
        tokens.caller("t5", expiringAt(1_000_100));

        assertEquals(1, tokens.size(), "all valid and full: cleared, then t5 kept");
    }

    @Test
    void aCapacityOfZeroVerifiesEveryTime() {
        VerifiedTokens tokens = new VerifiedTokens(0, clock);

        tokens.caller("t1", expiringAt(1_000_100));
        tokens.caller("t1", expiringAt(1_000_100));

        assertEquals(2, verifications.get());
        assertEquals(0, tokens.size());
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        long seconds;

        MutableClock(long seconds) {
            this.seconds = seconds;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds);
        }
    }
}
