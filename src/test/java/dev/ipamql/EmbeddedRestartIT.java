package dev.ipamql;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.ServiceProcess;
import io.restassured.RestAssured;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service started as a user starts it, with no database configured: it runs its own
 * embedded PostgreSQL, and every allocation is still there after a stop and a start.
 */
class EmbeddedRestartIT {

    private ServiceProcess service;

    @AfterEach
    void stopService() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void allocationsSurviveAStopAndAStart() throws Exception {
        Path data = Files.createTempDirectory("ipamql-restart");
        service = start(data, "first");
        run("createNamespace", "name", "lab").ok();
        run("createPrefix", "cidr", "10.20.0.0/16", "namespace", "lab", "description", "lab v4").ok();
        run("createPrefix", "cidr", "2001:db8:1::/48", "namespace", "lab").ok();
        String child = run("acquireChildPrefix", "parent", "10.20.0.0/16", "length", 24, "namespace", "lab").ok()
                .string("data.acquireChildPrefix.cidr");
        String v6child = run("acquireChildPrefix", "parent", "2001:db8:1::/48", "length", 64, "namespace", "lab").ok()
                .string("data.acquireChildPrefix.cidr");
        run("acquireIP", "prefix", child, "namespace", "lab", "description", "gateway").ok();
        run("acquireIP", "prefix", child, "address", "10.20.0.77", "namespace", "lab").ok();
        run("acquireIP", "prefix", v6child, "namespace", "lab").ok();
        String before = run("tree", "name", "lab").ok().body();
        stop(data);

        service = start(data, "second");
        GraphQL.Result after = run("tree", "name", "lab").ok();

        assertEquals(before, after.body());
        assertEquals(List.of("10.20.0.0/16", "2001:db8:1::/48"), after.list("data.namespace.prefixes.edges.node.cidr"));
        assertEquals(List.of("10.20.0.1", "10.20.0.77"),
                after.list("data.namespace.prefixes.edges[0].node.children[0].ips.edges.node.address"));
        assertEquals("gateway", run("ip", "prefix", child, "address", "10.20.0.1", "namespace", "lab").ok()
                .string("data.ip.description"));
        assertEquals("10.20.0.2", run("acquireIP", "prefix", child, "namespace", "lab").ok()
                .string("data.acquireIP.address"));
        assertEquals(BigInteger.valueOf(5), run("prefix", "cidr", child, "namespace", "lab").ok()
                .get("data.prefix.usage.acquiredIPs"));
        assertEquals("2001:db8:1:1::/64", run("acquireChildPrefix", "parent", "2001:db8:1::/48", "length", 64,
                "namespace", "lab").ok().string("data.acquireChildPrefix.cidr"));
    }

    private static ServiceProcess start(Path data, String name) throws IOException, InterruptedException {
        ServiceProcess process = ServiceProcess.start("embedded-restart-" + name,
                Map.of("IPAMQL_EMBEDDED_DATA_DIR", data.toString()));
        RestAssured.port = process.port();
        return process;
    }

    private void stop(Path data) throws InterruptedException {
        assertTrue(service.stop(), "service stops on SIGTERM");
        // a cleanly stopped PostgreSQL removes its pid file: the embedded server went down with the service
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "embedded PostgreSQL stopped");
    }
}
