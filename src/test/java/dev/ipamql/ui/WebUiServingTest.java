package dev.ipamql.ui;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** How the service serves its web UI at the root: the page, its policy and the weight of its first view. */
@QuarkusTest
class WebUiServingTest {

    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>");
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/static/bundle/[^\"]+)\"");

    @Test
    void theRootServesTheUiUnderAPolicyThatAllowsNoInlineScript() {
        Response page = given().redirects().follow(false).get("/");
        assertEquals(200, page.statusCode());
        String policy = page.header("Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self'"), policy);
        assertTrue(policy.contains("default-src 'self'"), policy);
        assertFalse(policy.contains("unsafe-inline"), policy);
        assertFalse(policy.contains("unsafe-eval"), policy);
        // the page names the bundle of its release: a browser must revalidate it to pick up the next one
        assertEquals(List.of("no-cache"), page.headers().getValues("Cache-Control"));
        Matcher scripts = SCRIPT.matcher(page.asString());
        int count = 0;
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains("src=\"/static/bundle/"), scripts.group());
            count++;
        }
        assertEquals(1, count, page.asString());
        assertTrue(page.asString().contains("<ipam-app>"), page.asString());
    }

    @Test
    void theFirstViewTransfersUnder300KilobytesOfScriptAndStyle() throws IOException {
        Matcher assets = ASSET.matcher(given().get("/").asString());
        List<String> paths = new ArrayList<>();
        long raw = 0;
        long compressed = 0;
        while (assets.find()) {
            paths.add(assets.group(1));
            byte[] body = given().get(assets.group(1)).then().statusCode(200).extract().asByteArray();
            raw += body.length;
            compressed += gzipped(body);
        }
        assertEquals(2, paths.stream().filter(p -> p.endsWith(".js") || p.endsWith(".css")).count(), paths.toString());
        // served uncompressed today, so the raw size is what travels; gzip would shrink it further
        assertTrue(raw < 300 * 1024, "raw " + raw + " bytes, gzip " + compressed + " bytes: " + paths);
        System.out.printf("web UI first view: %d bytes of script and style, %d gzipped%n", raw, compressed);
    }

    private static int gzipped(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.size();
    }
}
