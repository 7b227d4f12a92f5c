package dev.ipamql.api;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers GraphQL requests that accept anything (no Accept header, or {@code * / *}) with
 * {@code application/json}, as the contract promises: HTTP 200 with errors in the body.
 */
public class JsonResponseFilter {

    @RouteFilter(100)
    void preferJson(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        if (context.normalizedPath().startsWith("/graphql") && (accept == null || accept.isBlank() || accept.startsWith("*/*"))) {
            context.request().headers().set(HttpHeaders.ACCEPT, "application/json");
        }
        context.next();
    }
}
