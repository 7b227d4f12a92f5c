package dev.ipamql.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for header bytes that no HTTP client library sends: control and
 * non-ASCII bytes, folded lines, repeated headers, headers of any size. One request per connection.
 */
final class RawHttp {

    private static volatile int port;

    private RawHttp() {
    }

    static void port(int servicePort) {
        port = servicePort;
    }

    /**
     * POSTs {@code body} as application/json to /graphql with the given extra header lines (each the
     * exact bytes of one line, without CRLF; no Authorization header unless one is given).
     */
    static Answer post(String body, List<byte[]> headerLines, String shownHeaders) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, "POST /graphql HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\nContent-Length: " + content.length + "\r\nConnection: close\r\n");
        for (byte[] line : headerLines) {
            request.writeBytes(line);
            write(request, "\r\n");
        }
        write(request, "\r\n");
        request.writeBytes(content);
        String shown = "POST /graphql with " + shownHeaders + ", body " + JsonText.shown(body, 300);
        byte[] answer = exchange(request.toByteArray(), shown);
        Answer parsed = parse(answer, shown);
        RawClient.log(java.time.Instant.now() + " " + shown + "\n  -> " + parsed.status() + " "
                + JsonText.shown(parsed.body(), 400) + "\n");
        return parsed;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] exchange(byte[] request, String shown) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 10_000);
            socket.setSoTimeout(180_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer (431) and close before reading all of an oversized head
            }
            byte[] buffer = new byte[16 * 1024];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.write(buffer, 0, n);
                }
            } catch (IOException e) {
                if (received.size() == 0) {
                    throw new AssertionError("no HTTP answer (" + e + ") to " + shown, e);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("no HTTP answer (" + e + ") to " + shown, e);
        }
        if (received.size() == 0) {
            throw new AssertionError("the connection closed without an HTTP answer to " + shown);
        }
        return received.toByteArray();
    }

    private static Answer parse(byte[] answer, String shown) {
        String all = new String(answer, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        String head = end < 0 ? all : all.substring(0, end);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new AssertionError("not an HTTP answer: " + JsonText.shown(all, 300) + "\n  request: " + shown);
        }
        int code = Integer.parseInt(status[1]);
        String contentType = "";
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
        if (chunked) {
            body = dechunk(body);
        }
        return new Answer(code, contentType, new String(body, StandardCharsets.UTF_8), body.length, shown);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                break;
            }
            int from = lineEnd + 2;
            out.write(chunked, from, Math.min(length, chunked.length - from));
            at = from + length + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
