package dev.ipamql.service;

import dev.ipamql.service.error.ForbiddenException;
import dev.ipamql.service.error.UnauthenticatedException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Authentication and authorization of every operation: roles ipam-reader (queries), ipam-writer
 * (prefix and IP changes), ipam-admin (namespaces, import/export, audit log, everything), limited to
 * the namespaces named in the token's {@code namespaces} claim.
 */
@ApplicationScoped
public class AccessControl {

    private static final Logger LOG = Logger.getLogger(AccessControl.class);

    private final JWTParser tokens;
    private final CurrentVertxRequest request;
    private final IpamConfig config;
    private final VerifiedTokens verified;

    public AccessControl(JWTParser tokens, CurrentVertxRequest request, IpamConfig config) {
        this.tokens = tokens;
        this.request = request;
        this.config = config;
        this.verified = new VerifiedTokens(config.auth().tokenCacheSize(), Clock.systemUTC());
    }

    void announce(@Observes StartupEvent start) {
        if (!config.auth().enabled()) {
            LOG.warn("AUTHENTICATION IS OFF (ipamql.auth.enabled=false): every client may read and change every "
                    + "namespace. Never run like this in production.");
        } else if (ConfigProvider.getConfig().getOptionalValue("mp.jwt.verify.publickey.location", String.class).isEmpty()
                && ConfigProvider.getConfig().getOptionalValue("mp.jwt.verify.publickey", String.class).isEmpty()) {
            throw new IllegalStateException("Authentication is on but no token key is configured: set "
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION (a PEM file or JWKS URL), or IPAMQL_AUTH_ENABLED=false "
                    + "for an open development setup.");
        }
    }

    /** Any authenticated caller with at least the reader role. */
    public Uni<Caller> reader() {
        return caller().invoke(c -> require(c.isReader(), c, "the role ipam-reader"));
    }

    public Uni<Caller> read(String namespace) {
        return reader().invoke(c -> requireNamespace(c, namespace));
    }

    public Uni<Caller> write(String namespace) {
        return caller().invoke(c -> require(c.isWriter(), c, "the role ipam-writer"))
                .invoke(c -> requireNamespace(c, namespace));
    }

    public Uni<Caller> admin(String namespace) {
        return admin().invoke(c -> requireNamespace(c, namespace));
    }

    public Uni<Caller> admin() {
        return caller().invoke(c -> require(c.isAdmin(), c, "the role ipam-admin"));
    }

    private Uni<Caller> caller() {
        return Uni.createFrom().item(this::authenticate);
    }

    /** The caller of this request, verified; UNAUTHENTICATED without a valid token while authentication is on. */
    public Caller authenticate() {
        // the token is verified here, not by an HTTP filter, so that a bad one is a GraphQL error (HTTP 200)
        return authenticate(request.getCurrent() == null ? null
                : request.getCurrent().request().getHeader(HttpHeaders.AUTHORIZATION));
    }

    /** The caller an {@code Authorization} header names; UNAUTHENTICATED unless it is valid or authentication is off. */
    public Caller authenticate(String header) {
        if (!config.auth().enabled()) {
            return Caller.OPEN;
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new UnauthenticatedException("authentication required: send 'Authorization: Bearer <token>'");
        }
        String token = header.substring(7).trim();
        if (!compactJws(token)) {
            // the JWT library's base64url decoding skips characters such as white space inside a segment
            throw new UnauthenticatedException(INVALID_TOKEN);
        }
        return verified.caller(token, this::verify);
    }

    private VerifiedTokens.Verified verify(String token) {
        JsonWebToken jwt;
        try {
            jwt = tokens.parse(token);
        } catch (ParseException e) {
            throw new UnauthenticatedException(INVALID_TOKEN);
        } catch (RuntimeException e) {
            // the parser reads standard claims with fixed types: a verified token with other types is unusable
            throw new UnauthenticatedException(MALFORMED_CLAIMS);
        }
        return new VerifiedTokens.Verified(callerOf(jwt), jwt.getExpirationTime());
    }

    /** Only base64url characters and the dots between the segments of a compact serialization. */
    private static boolean compactJws(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static final String INVALID_TOKEN = "the bearer token is invalid, expired or not signed by a trusted key";

    private static final String MALFORMED_CLAIMS = "the bearer token's claims are malformed: 'groups' must be a "
            + "list of strings, 'upn', 'preferred_username' and 'sub' strings";

    /** The caller a verified token names; a token whose claims are not of the expected types is refused. */
    private static Caller callerOf(JsonWebToken jwt) {
        String subject;
        Set<String> groups;
        try {
            subject = jwt.getName() == null ? jwt.getSubject() : jwt.getName();
            groups = jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups());
        } catch (RuntimeException e) {
            throw new UnauthenticatedException(MALFORMED_CLAIMS);
        }
        if (subject == null || subject.isBlank() || subject.length() > 256
                || subject.chars().anyMatch(c -> c == 0 || Character.isSurrogate((char) c) || Character.isISOControl(c))) {
            throw new UnauthenticatedException("the bearer token names no usable subject ('upn', 'preferred_username' "
                    + "or 'sub': 1 to 256 printable characters)");
        }
        return new Caller(subject, groups, namespaces(jwt));
    }

    private static Set<String> namespaces(JsonWebToken token) {
        Set<String> names = new HashSet<>();
        Object claim = token.getClaim("namespaces");
        if (claim instanceof JsonArray array) {
            array.forEach(value -> {
                if (value instanceof JsonString text) {
                    names.add(text.getString());
                }
            });
        } else if (claim instanceof Collection<?> values) {
            values.forEach(value -> names.add(String.valueOf(value)));
        } else if (claim instanceof String single) {
            names.add(single);
        }
        return names;
    }

    private static void require(boolean allowed, Caller caller, String what) {
        if (!allowed) {
            throw new ForbiddenException(caller.subject() + " lacks " + what + " for this operation");
        }
    }

    private static void requireNamespace(Caller caller, String namespace) {
        if (!caller.covers(namespace)) {
            throw new ForbiddenException(caller.subject() + " may not access namespace " + namespace);
        }
    }
}
