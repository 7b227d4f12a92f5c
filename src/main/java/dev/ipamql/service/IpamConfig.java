package dev.ipamql.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits and retry policy of the service. */
@ConfigMapping(prefix = "ipamql")
public interface IpamConfig {

    /** Largest {@code first} a connection field accepts. */
    @WithDefault("1000")
    int maxPageSize();

    /** Longest description, in characters, a prefix or IP accepts. */
    @WithDefault("1024")
    int maxDescriptionLength();

    /** Retry policy for transactions that lost a race (serialization failure, deadlock, constraint race). */
    Retry retry();

    /** Retry policy. */
    interface Retry {

        /** Attempts after the first one before the request fails with CONFLICT. */
        @WithDefault("12")
        int attempts();

        /** First back-off; it doubles with each attempt, with jitter. */
        @WithDefault("PT0.005S")
        Duration initialBackOff();

        /** Longest back-off between two attempts. */
        @WithDefault("PT0.2S")
        Duration maxBackOff();
    }
}
