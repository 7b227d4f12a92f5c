package load;

import static load.Load.*;
import static load.Report.*;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GraphQL over HTTP/1.1 keep-alive: a minimal blocking client over sockets (java.net.http's client cost the
 * 2-core machine about a third of a core at 2,500 requests/s, taken from the service it measures).
 */
final class Client {

    /** An HTTP reply: status, body, and the call's latency. */
    record Reply(int status, String body, long nanos) {
        boolean ok() {
            return status == 200 && body.startsWith("{\"data\"") && !body.contains("\"errors\"");
        }

        String code() {
            Matcher m = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"").matcher(body);
            return m.find() ? m.group(1) : status == 200 ? "UNKNOWN" : "HTTP " + status;
        }

        String shortBody() {
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
    }

    /** A service instance: where requests go, the bearer token they carry (null: none), and its process id. */
    record Target(URI url, String token, long pid) { }

    /** The instance every call goes to; scenarios are sequential, so one at a time. */
    static volatile Target target;

    /** Sends the following calls to another instance; idle connections to the previous one are closed. */
    static void use(Target next) {
        Connection.closeIdle();
        target = next;
    }

    static final Map<String, String> documents = new ConcurrentHashMap<>();

    /** A request body: the operation's document (graphql/examples, else bench/graphql) and its variables. */
    static String body(String operation, Map<String, Object> variables) {
        String doc = documents.computeIfAbsent(operation, op -> {
            String file = op.endsWith(".graphql") ? op : op + ".graphql";
            Path p = opt.benchDir.resolve("graphql").resolve(file);
            try {
                // the repository's own example operation when there is one, else the bench's copy
                return Json.write(Files.readString(Files.exists(opt.examples.resolve(file)) ? opt.examples.resolve(file) : p));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return "{\"query\":" + doc + ",\"variables\":" + Json.write(variables) + "}";
    }

    static Reply call(String body) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Connection connection = Connection.take();
        Reply reply = connection.post(body, t0);
        connection.release();
        return reply;
    }

    /**
     * One kept-alive HTTP/1.1 connection to the service, used by one client thread at a time: a request is
     * written with one system call when it fits 16 kB, the answer read by Content-Length or chunked transfer
     * encoding. Idle connections wait in a pool, emptied after each scenario ({@link #closeIdle}), so a
     * scenario's warm-up opens the connections it measures with. A connection that fails is closed (the call
     * counts as an error), never retried: a mutation must not run twice.
     */
    static final class Connection {
        private static final ConcurrentLinkedQueue<Connection> IDLE = new ConcurrentLinkedQueue<>();
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean open = true;

        private final Target to;

        private Connection(Target to) throws IOException {
            if (!"http".equals(to.url().getScheme())) {
                throw new IOException("only http:// URLs are supported, not " + to.url());
            }
            this.to = to;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Duration.ofMinutes(5).toMillis());
            int port = to.url().getPort() < 0 ? 80 : to.url().getPort();
            socket.connect(new InetSocketAddress(to.url().getHost(), port), (int) Duration.ofSeconds(10).toMillis());
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        /** Closes the idle connections (the service may close idle ones too: never reuse them across scenarios). */
        static void closeIdle() {
            for (Connection idle = IDLE.poll(); idle != null; idle = IDLE.poll()) {
                try {
                    idle.socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        static Connection take() throws IOException {
            Target to = target;
            Connection idle = IDLE.poll();
            if (idle != null && idle.to != to) {
                // left over from the previous target: never send a call to the wrong instance
                idle.socket.close();
                idle = null;
            }
            return idle != null ? idle : new Connection(to);
        }

        void release() {
            if (open) {
                IDLE.add(this);
            }
        }

        Reply post(String body, long t0) throws IOException {
            try {
                byte[] content = body.getBytes(StandardCharsets.UTF_8);
                URI url = to.url();
                String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
                String head = "POST " + path + " HTTP/1.1\r\nHost: " + url.getRawAuthority()
                        + (to.token() == null ? "" : "\r\nAuthorization: Bearer " + to.token())
                        + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
                        + content.length + "\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(content);
                out.flush();
                String status = line();
                if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                    throw new IOException("not an HTTP/1.1 status line: " + status);
                }
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                for (String header = line(); !header.isEmpty(); header = line()) {
                    int colon = header.indexOf(':');
                    String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = colon < 0 ? "" : header.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> open &= Arrays.stream(value.split(",")).noneMatch(t -> t.trim().equalsIgnoreCase("close"));
                        default -> { }
                    }
                }
                ByteArrayOutputStream answer = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
                if (chunked) {
                    for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                         size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                        copy(size, answer);
                        line();
                    }
                    while (!line().isEmpty()) {
                        // trailers
                    }
                } else if (length >= 0) {
                    copy(length, answer);
                } else if (code == 204 || code == 304 || code / 100 == 1) {
                    // no body
                } else {
                    throw new IOException("an answer without Content-Length or chunked encoding");
                }
                if (!open) {
                    socket.close();
                }
                return new Reply(code, answer.toString(StandardCharsets.UTF_8), System.nanoTime() - t0);
            } catch (IOException | RuntimeException e) {
                open = false;
                socket.close();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }

        private void copy(long n, ByteArrayOutputStream to) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
            while (n > 0) {
                int read = in.read(buffer, 0, (int) Math.min(n, buffer.length));
                if (read < 0) {
                    throw new IOException("connection closed in the middle of an answer");
                }
                to.write(buffer, 0, read);
                n -= read;
            }
        }

        /** One header line, without its CRLF. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed by the service");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    /** True when GET /q/health/ready of the service at url answers 200 (one connection, closed after). */
    static boolean ready(URI url) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort()), 1000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /q/health/ready HTTP/1.1\r\nHost: " + url.getRawAuthority() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] status = s.getInputStream().readNBytes(12);
            return new String(status, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    static Reply must(String operation, Map<String, Object> variables) throws Exception {
        Reply r = call(body(operation, variables));
        if (!r.ok()) {
            throw new IllegalStateException(operation + " " + variables + " failed: " + r.shortBody());
        }
        return r;
    }

    /** False when the served schema lacks the field (a validation error naming it); any other answer means it exists. */
    static boolean inSchema(String field, String probe) throws Exception {
        Reply r = call("{\"query\":" + Json.write(probe) + "}");
        boolean missing = r.body.contains("FieldUndefined") || (r.body.contains("Validation error") && r.body.contains(field));
        log("schema: %s %s", field, missing ? "is not in the schema: its scenarios are skipped" : "is served");
        if (missing) {
            notes.add(field + " is not in the served schema (" + r.shortBody() + ")");
        }
        return !missing;
    }

    @SuppressWarnings("unchecked")
    static List<Object> addresses(Reply r, String field) {
        List<Object> ips = (List<Object>) Json.path(Json.parse(r.body), "data." + field);
        List<Object> out = new ArrayList<>(ips.size());
        for (Object ip : ips) {
            out.add(((Map<String, Object>) ip).get("address"));
        }
        return out;
    }

    static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String ipv4(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
