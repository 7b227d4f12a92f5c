package dev.ipamql.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Limits and retry policy of the service. */
@ConfigMapping(prefix = "ipamql")
public interface IpamConfig {

    /** Largest {@code first} a connection field accepts. */
    @WithDefault("1000")
    int maxPageSize();

    /**
     * Most addresses one acquireIPs or releaseIPs call handles (each is one transaction), and most
     * concurrent acquireIP requests for one prefix joined into one transaction.
     */
    @WithDefault("1000")
    int maxBulkCount();

    /**
     * Most free blocks a parent may have for a batch of concurrent acquireChildPrefix requests on it to be
     * worked out in memory from one read of them; a more fragmented parent is served request by request
     * (the same answers, one best-fit probe each).
     */
    @WithDefault("1000")
    int maxFreeBlocksCarvedInMemory();

    /**
     * Longest a transaction shared by acquireIP batches of several prefixes waits for one of their row locks
     * before it gives up and each batch goes its own way (so that one busy prefix does not hold up the others).
     */
    @WithDefault("PT0.01S")
    Duration sharedLockWait();

    /** Longest description, in characters, a prefix or IP accepts. */
    @WithDefault("1024")
    int maxDescriptionLength();

    /**
     * The embedded PostgreSQL of the JVM build, started before the application when no datasource
     * URL is configured. Read by the launcher from system properties or the environment
     * (IPAMQL_EMBEDDED_ENABLED, IPAMQL_EMBEDDED_DATA_DIR, IPAMQL_EMBEDDED_PORT); declared here so
     * that they are documented and validated.
     */
    Embedded embedded();

    /** Authentication: bearer tokens (JWT) verified with the configured key; off only when said so. */
    Auth auth();

    /** Idempotency keys ({@code requestId}) of allocating mutations. */
    RequestId requestId();

    /** Limits on GraphQL requests, checked before anything runs. */
    Graphql graphql();

    /** Retry policy for transactions that lost a race (serialization failure, deadlock, constraint race). */
    Retry retry();

    /** What the running build was made from. */
    Build build();

    /** The build's origin. */
    interface Build {

        /**
         * The source commit, shown as buildInfo.commit: what a build from a git checkout wrote as git.commit.id
         * (the git-commit profile of the pom), unless IPAMQL_BUILD_COMMIT says otherwise; none when unknown.
         */
        @WithDefault("${git.commit.id:}")
        Optional<String> commit();
    }

    /** The change feed: cursors for committed mutations, subscriptions over WebSockets. */
    Feed feed();

    /** Change feed settings. */
    interface Feed {

        /**
         * Whether this instance sequences committed mutations into the feed (one instance at a time does, under a
         * lease in the database). With every instance off, changes wait for cursors: for comparing throughput only.
         */
        @WithDefault("true")
        boolean sequencer();

        /** How often each instance sequences and reads the feed without being woken (a lost notification waits this long). */
        @WithDefault("PT0.25S")
        Duration pollInterval();

        /**
         * How long after a commit this instance starts its sequencing pass: one pass then serves every commit
         * made meanwhile, instead of a transaction of its own after each.
         */
        @WithDefault("PT0.02S")
        Duration wakeDelay();

        /** Most audit records one sequencing pass takes; more wait for the next pass, at once. */
        @WithDefault("1000")
        int passSize();

        /** Longest a WebSocket connection may wait before its connection_init; then it is closed with 4408. */
        @WithDefault("PT10S")
        Duration initTimeout();

        /** Most subscriptions open at once on one WebSocket connection; more are answered with an error. */
        @WithDefault("100")
        int maxSubscriptionsPerConnection();

        /** Most changes waiting to be sent to one subscription; beyond, its connection is closed with 4408. */
        @WithDefault("1000")
        int maxBufferedChanges();

        /** Most bytes waiting to be sent on one WebSocket connection; beyond, it is closed with 4408. */
        @WithDefault("1048576")
        int maxBufferedBytes();
    }

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

    /** Embedded PostgreSQL settings. */
    interface Embedded {

        /** Whether to start the embedded PostgreSQL when no database is configured. */
        @WithDefault("true")
        boolean enabled();

        /** Where the embedded PostgreSQL keeps its data; it survives restarts. */
        @WithDefault(".ipamql/pgdata")
        String dataDir();

        /** Port of the embedded PostgreSQL; 0 picks a free one. */
        @WithDefault("0")
        int port();
    }

    /** Request limits. */
    interface Graphql {

        /** Deepest selection nesting a query may have. */
        @WithDefault("15")
        int maxDepth();

        /** Most fields (aliases included, fragments expanded) a query may select. */
        @WithDefault("500")
        int maxFields();

        /** Whether introspection queries and the SDL at /graphql/schema.graphql are served. */
        @WithDefault("true")
        boolean introspection();

        /** Largest request body in bytes; larger ones get HTTP 413. */
        @WithDefault("262144")
        long maxBodyBytes();
    }

    /** Idempotency keys. */
    interface RequestId {

        /** How long a requestId is remembered: a retry within this time returns the first result. */
        @WithDefault("PT24H")
        Duration retention();
    }

    /** Authentication switch. */
    interface Auth {

        /** Whether requests need a valid bearer token; false opens everything (a warning is logged). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Verified tokens remembered (by digest) until their expiry, so a token's signature is checked once;
         * 0 checks every request. A key withdrawn from the configuration takes effect on restart.
         */
        @WithDefault("10000")
        int tokenCacheSize();
    }
}
