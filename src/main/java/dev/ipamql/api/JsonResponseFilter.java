package dev.ipamql.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers GraphQL requests that accept anything (no Accept header, or {@code * / *}) with
 * {@code application/json}, as the contract promises: HTTP 200 with errors in the body.
 */
@ApplicationScoped
public class JsonResponseFilter {

    void register(@Observes Router router) {
        router.route("/graphql").order(Integer.MIN_VALUE).handler(context -> {
            String accept = context.request().getHeader(HttpHeaders.ACCEPT);
            if (accept == null || accept.isBlank() || accept.startsWith("*/*")) {
                context.request().headers().set(HttpHeaders.ACCEPT, "application/json");
            }
            context.next();
        });
    }
}
