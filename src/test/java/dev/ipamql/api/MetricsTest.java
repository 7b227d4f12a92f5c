package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Prometheus metrics: mutations counted by operation and outcome, latency histograms, pool gauges. */
@QuarkusTest
class MetricsTest {

    @Test
    void mutationsAreCountedByOperationAndOutcomeWithLatencyHistograms() {
        String ns = Namespaces.fresh();
        double successBefore = value("ipamql_operations_total", "operation=\"acquireIP\",outcome=\"success\"");
        double notFoundBefore = value("ipamql_operations_total", "operation=\"acquireIP\",outcome=\"NOT_FOUND\"");
        double timedBefore = value("ipamql_operation_seconds_count", "operation=\"acquireIP\"");

        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        assertEquals("NOT_FOUND", run("acquireIP", "prefix", "10.9.0.0/24", "namespace", ns).errorCode());

        assertEquals(successBefore + 2, value("ipamql_operations_total", "operation=\"acquireIP\",outcome=\"success\""));
        assertEquals(notFoundBefore + 1, value("ipamql_operations_total", "operation=\"acquireIP\",outcome=\"NOT_FOUND\""));
        assertEquals(timedBefore + 3, value("ipamql_operation_seconds_count", "operation=\"acquireIP\""));
        assertTrue(metrics().contains("ipamql_operation_seconds_bucket{operation=\"acquireIP\",le=\""));
    }

    @Test
    void databasePoolsAreGauged() {
        run("namespaces").ok();
        String metrics = metrics();
        assertTrue(metrics.contains("sql_pool_ratio{pool_name="), "reactive pool gauges");
        assertTrue(metrics.contains("agroal_active_count{datasource=\"default\"}"), "migration (JDBC) pool gauges");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double value(String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels) + "[^}]*\\} ([0-9.eE+-]+)").matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
