package dev.ipamql.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a separate process, as in production. */
public final class ServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the service on a free port with the given environment (on top of this JVM's, less any
     * datasource, ipamql or token setting; the test token key is set unless the map says otherwise) and
     * waits until it is ready; its output goes to target/{name}.log.
     */
    public static ServiceProcess start(String name, Map<String, String> environment) throws IOException, InterruptedException {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", name + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("IPAMQL_")
                || key.startsWith("MP_JWT"));
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        builder.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Tokens.PUBLIC_KEY.toString());
        // a null value removes a variable
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        ServiceProcess service = new ServiceProcess(builder.start(), port);
        service.awaitReady(name);
        return service;
    }

    /** Environment naming an external database by its JDBC URL. */
    /** {@code count} instances named {@code name-0}, {@code name-1}, ..., started side by side on one database. */
    public static List<ServiceProcess> startAll(String name, int count, String jdbcUrl) throws Exception {
        return startAll(name, count, jdbcUrl, Map.of());
    }

    /** As {@link #startAll(String, int, String)}, with {@code environment} on top of the database's. */
    public static List<ServiceProcess> startAll(String name, int count, String jdbcUrl, Map<String, String> environment)
            throws Exception {
        ExecutorService starter = Executors.newFixedThreadPool(count);
        try {
            List<Future<ServiceProcess>> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String instance = name + "-" + i;
                Map<String, String> env = new java.util.HashMap<>(database(jdbcUrl, "postgres", "postgres"));
                env.putAll(environment);
                started.add(starter.submit(() -> start(instance, env)));
            }
            List<ServiceProcess> instances = new ArrayList<>();
            for (Future<ServiceProcess> instance : started) {
                instances.add(instance.get(180, TimeUnit.SECONDS));
            }
            return instances;
        } finally {
            starter.shutdown();
        }
    }

    public static Map<String, String> database(String jdbcUrl, String user, String password) {
        return Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl,
                "QUARKUS_DATASOURCE_REACTIVE_URL", jdbcUrl.substring("jdbc:".length()),
                "QUARKUS_DATASOURCE_USERNAME", user,
                "QUARKUS_DATASOURCE_PASSWORD", password);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Process process() {
        return process;
    }

    /** SIGTERM, and wait for the exit. */
    public boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private void awaitReady(String name) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        for (int attempt = 0; attempt < 480; attempt++) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited during start-up; see target/" + name + ".log");
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("service not ready within 120 s; see target/" + name + ".log");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
