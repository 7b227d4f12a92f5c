package dev.ipamql.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sends a browser at {@code /} to GraphiQL with an example query, until the service has a web UI of its own. */
@ApplicationScoped
public class ConsoleRedirect {

    /** GraphiQL's page; it fills its editor from the {@code query} parameter. */
    public static final String CONSOLE = "/q/graphql-ui/";

    /** The console's first query: runnable as it stands, with how to send a token. */
    public static final String EXAMPLE_QUERY = """
            # ipamql: the namespaces. Run it with the play button (Ctrl-Enter); graphql/examples/ holds more.
            # Authentication is on unless the service runs with IPAMQL_AUTH_ENABLED=false: open the Headers
            # tab below and enter {"Authorization": "Bearer <token>"} (quarkus:dev logs a ready admin token).
            query Namespaces {
              namespaces {
                name
                createdAt
              }
            }
            """;

    private final boolean consoleEnabled;

    public ConsoleRedirect(@ConfigProperty(name = "quarkus.smallrye-graphql.ui.enabled") boolean consoleEnabled) {
        this.consoleEnabled = consoleEnabled;
    }

    void register(@Observes Router router) {
        if (consoleEnabled) {
            // GraphiQL's page decodes its parameters with decodeURIComponent, which reads '+' literally
            String location = CONSOLE + "?query="
                    + URLEncoder.encode(EXAMPLE_QUERY, StandardCharsets.UTF_8).replace("+", "%20");
            router.get("/").handler(context -> context.redirect(location));
        }
    }
}
