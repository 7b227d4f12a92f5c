package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.error.UnauthenticatedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The served SDL tells what introspection tells, so it needs a valid token too (HTTP 401 without one). */
@ApplicationScoped
public class SchemaFileAccess {

    private final AccessControl access;

    public SchemaFileAccess(AccessControl access) {
        this.access = access;
    }

    void register(@Observes Router router) {
        // after the request guard, which answers 404 here when introspection is off
        router.get("/graphql/schema.graphql").order(Integer.MIN_VALUE + 2).handler(this::check);
    }

    private void check(RoutingContext context) {
        try {
            access.authenticate(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        } catch (UnauthenticatedException e) {
            context.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(e.getMessage() + "\n");
            return;
        }
        context.next();
    }
}
