package dev.ipamql.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Webhook delivery: the key that encrypts their secrets, the targets allowed, timing of attempts. */
@ConfigMapping(prefix = "ipamql.webhooks")
public interface WebhookConfig {

    /**
     * AES key (base64 of 16, 24 or 32 bytes) that encrypts webhook secrets in the database; the same on every
     * replica. Without it createWebhook is refused and this instance delivers nothing; a replica with another key
     * cannot sign (its attempts fail and say so).
     */
    Optional<String> secretKey();

    /**
     * Address ranges (CIDRs) a webhook may reach although they are loopback, private, link-local or otherwise
     * not public; by default none is.
     */
    Optional<List<String>> allowedTargets();

    /** Longest an attempt may take, from connecting to the end of the answer; a 2xx within it is a delivery. */
    @WithDefault("PT10S")
    Duration timeout();

    /** Wait after the first failed attempt; it doubles with each further failure, up to {@link #maxBackoff()}. */
    @WithDefault("PT1S")
    Duration backoff();

    /** Longest wait between two attempts of one change. */
    @WithDefault("PT10M")
    Duration maxBackoff();

    /** Failed attempts in a row after which a webhook is switched off (active: false). */
    @WithDefault("10")
    int maxFailures();

    /**
     * How long a replica owns a webhook's attempt; a replica that dies mid-attempt loses it after this time and
     * another one makes the attempt again. Must exceed {@link #timeout()}.
     */
    @WithDefault("PT30S")
    Duration lease();

    /** How often each replica looks for due attempts without being woken by a change. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Most attempts one replica makes at once (each for another webhook). */
    @WithDefault("16")
    int maxConcurrentAttempts();
}
