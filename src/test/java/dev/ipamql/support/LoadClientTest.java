package dev.ipamql.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only a connection that fails without an answer is TRANSPORT; any answer of a live process is judged as such. */
class LoadClientTest {

    @Test
    void aServerErrorOrABodyThatIsNotJsonIsAFailureNotTransport() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/graphql", exchange -> {
            boolean broken = exchange.getRequestHeaders().getFirst("Authorization") != null
                    && new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).contains("Namespaces");
            byte[] body = (broken ? "<html>oops</html>" : "internal failure").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(broken ? 200 : 500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            LoadClient client = new LoadClient(List.of("http://127.0.0.1:" + server.getAddress().getPort()));
            assertEquals("HTTP_500", client.run(0, "createNamespace", Map.of("name", "x")).code());
            assertEquals("NOT_JSON", client.run(0, "namespaces", Map.of()).code());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedConnectionIsTransport() throws Exception {
        LoadClient client = new LoadClient(List.of("http://127.0.0.1:" + ServiceProcess.freePort()));
        LoadClient.Reply reply = client.run(0, "namespaces", Map.of());
        assertEquals(LoadClient.TRANSPORT, reply.code(), reply.message());
    }
}
