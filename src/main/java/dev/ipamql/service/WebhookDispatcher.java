package dev.ipamql.service;

import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.store.ChangeStore;
import dev.ipamql.store.ChangeStore.ChangeRow;
import dev.ipamql.store.WebhookStore;
import dev.ipamql.store.WebhookStore.WebhookRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Delivers each webhook's changes, in cursor order, one attempt at a time: a short transaction takes the webhook's
 * lease in the database and records the attempt, the POST runs outside any transaction, a second transaction
 * records its outcome and moves the webhook on (delivered) or backs it off (failed). A replica that dies
 * mid-attempt leaves its lease to expire; another replica then makes the attempt again, so a change is delivered
 * at least once and none is skipped. Woken by sequenced changes and by a timer.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    static final String ABANDONED = "no outcome: the instance making this attempt stopped before it completed";
    private static final int MAX_ERROR_LENGTH = 500;

    /** What one step found: nothing due, a webhook moved past changes outside its scope, or an attempt to make. */
    private record Job(WebhookRow webhook, ChangeRow change, String deliveryId, int attempt) {
    }

    private static final Job SKIPPED = new Job(null, null, null, 0);

    /** How an attempt ended; {@code outcome} tags the metric. */
    private record Outcome(Integer httpStatus, String error, String outcome) {
        boolean delivered() {
            return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
        }
    }

    private final Pool pool;
    private final WebhookStore store;
    private final ChangeStore changes;
    private final WebhookTargets targets;
    private final WebhookConfig config;
    private final ChangeSignal signal;
    private final MeterRegistry registry;
    private final Optional<WebhookSecrets> secrets;
    private final String holder;
    private final AtomicInteger workers = new AtomicInteger();
    private volatile boolean running;
    private volatile HttpClient client;
    private volatile io.vertx.core.Vertx vertx;
    private volatile Runnable stop = () -> { };

    public WebhookDispatcher(Pool pool, WebhookStore store, ChangeStore changes, WebhookTargets targets,
                             WebhookConfig config, ChangeSignal signal, MeterRegistry registry) {
        this.pool = pool;
        this.store = store;
        this.changes = changes;
        this.targets = targets;
        this.config = config;
        this.signal = signal;
        this.registry = registry;
        this.secrets = WebhookSecrets.of(config.secretKey());
        this.holder = hostName() + ":" + ProcessHandle.current().pid();
    }

    void start(@Observes StartupEvent start, Vertx mutinyVertx) {
        if (config.lease().compareTo(config.timeout()) <= 0) {
            throw new IllegalStateException("ipamql.webhooks.lease (" + config.lease() + ") must be longer than "
                    + "ipamql.webhooks.timeout (" + config.timeout() + ")");
        }
        if (secrets.isEmpty()) {
            LOG.info("webhooks are off on this instance: ipamql.webhooks.secret-key is not set");
            return;
        }
        vertx = mutinyVertx.getDelegate();
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setMaxPoolSize(config.maxConcurrentAttempts())
                .setTrustAll(false)
                .setVerifyHost(true));
        running = true;
        long timer = vertx.setPeriodic(config.pollInterval().toMillis(), tick -> wake());
        Runnable off = signal.onSequenced(last -> wake());
        stop = () -> {
            running = false;
            vertx.cancelTimer(timer);
            off.run();
            client.close();
        };
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stop.run();
    }

    /** Starts one more worker when fewer than the limit run; a worker that found work wakes the next one. */
    void wake() {
        int now = workers.get();
        if (running && now < config.maxConcurrentAttempts() && workers.compareAndSet(now, now + 1)) {
            work();
        }
    }

    private void work() {
        step().subscribe().with(found -> {
            if (found && running) {
                wake();
                work();
            } else {
                workers.decrementAndGet();
            }
        }, failure -> {
            LOG.debugf("webhook step failed, the next wake-up retries: %s", failure.toString());
            workers.decrementAndGet();
        });
    }

    /** Claims one due webhook and makes its attempt; false when none was due. */
    Uni<Boolean> step() {
        return pool.withTransaction(tx -> store.lockDue(tx).chain(webhook -> {
            if (webhook == null) {
                return Uni.createFrom().nullItem();
            }
            List<String> namespaces = webhook.namespace() != null ? List.of(webhook.namespace()) : webhook.readable();
            return changes.page(tx, webhook.position(), namespaces, webhook.operations(), 1).chain(page -> {
                if (page.rows().isEmpty()) {
                    return store.skipTo(tx, webhook.id(), page.position()).replaceWith(SKIPPED);
                }
                ChangeRow change = page.rows().get(0);
                String deliveryId = WebhookStore.newId();
                return store.lease(tx, webhook.id(), change.cursor(), deliveryId, holder, config.lease(), ABANDONED)
                        .map(attempt -> new Job(webhook, change, deliveryId, attempt));
            });
        })).chain(job -> job == null ? Uni.createFrom().item(false)
                : job == SKIPPED ? Uni.createFrom().item(true) : attempt(job).replaceWith(true));
    }

    /** Makes the attempt outside any transaction, then records its outcome. */
    private Uni<Void> attempt(Job job) {
        WebhookRow webhook = job.webhook();
        return Uni.createFrom().deferred(() -> {
            byte[] body = body(job.change());
            byte[] secret = secrets.orElseThrow().open(webhook.id(), webhook.secret());
            String signature = "sha256=" + HexFormat.of().formatHex(hmac(secret, body));
            return targets.resolve(webhook.url()).chain(target -> post(target, body, job, signature));
        }).onFailure().recoverWithItem(WebhookDispatcher::failed).chain(outcome -> {
            Counter.builder("ipamql.webhook.attempts").description("Webhook delivery attempts by outcome")
                    .tag("outcome", outcome.outcome()).register(registry).increment();
            Duration backoff = backoff(webhook.failures());
            return pool.withTransaction(tx -> store.complete(tx, job.deliveryId(), job.change().cursor(),
                    outcome.httpStatus(), outcome.error(), outcome.delivered(), backoff, config.maxFailures()));
        });
    }

    /** The wait after the failure that follows {@code failures} earlier ones: doubled each time, capped. */
    Duration backoff(int failures) {
        Duration wait = config.backoff();
        for (int i = 0; i < failures && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private Uni<Outcome> post(WebhookTargets.Target target, byte[] body, Job job, String signature) {
        long timeout = config.timeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setHost(target.host()).setPort(target.port()).setSsl(target.tls()).setURI(target.pathAndQuery())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false)
                .setTimeout(timeout)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "ipamql-webhooks")
                .putHeader("Ipamql-Delivery", job.deliveryId())
                .putHeader("Ipamql-Change", ChangeFeed.cursorOf(job.change().cursor()))
                .putHeader("Ipamql-Signature", signature);
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
            long timer = vertx.setTimer(timeout, id -> {
                HttpClientRequest request = sent.get();
                if (request != null) {
                    request.reset();
                }
                emitter.complete(new Outcome(null, "no answer within " + config.timeout().toMillis() + " ms", "timeout"));
            });
            client.request(options).compose(request -> {
                sent.set(request);
                return request.send(Buffer.buffer(body));
            }).compose(response -> {
                response.handler(ignored -> { });
                return response.end().map(done -> response.statusCode());
            }).onComplete(result -> {
                vertx.cancelTimer(timer);
                if (result.succeeded()) {
                    int status = result.result();
                    emitter.complete(new Outcome(status, null, status >= 200 && status < 300 ? "delivered" : "http_error"));
                } else {
                    emitter.complete(failed(result.cause()));
                }
            });
        });
    }

    private static Outcome failed(Throwable failure) {
        if (failure instanceof InvalidArgumentException refused) {
            return new Outcome(null, "refused: " + refused.getMessage(), "refused");
        }
        if (failure instanceof IllegalStateException undecryptable) {
            return new Outcome(null, undecryptable.getMessage(), "undecryptable");
        }
        String message = failure.getMessage() == null ? "the attempt failed" : failure.getMessage();
        return new Outcome(null, message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message,
                "failed");
    }

    /** The JSON body: the Change fields, as the GraphQL type gives them. */
    static byte[] body(ChangeRow change) {
        return new JsonObject()
                .put("cursor", ChangeFeed.cursorOf(change.cursor()))
                .put("at", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(change.at()))
                .put("namespace", change.namespace())
                .put("operation", change.operation())
                .put("subject", change.subject())
                .put("arguments", change.arguments())
                .put("result", change.result())
                .put("affectedPrefixes", new JsonArray(AffectedPrefixes.of(change.result())))
                .encode().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
