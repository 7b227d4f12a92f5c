package dev.ipamql.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/** Bearer tokens signed with the test key pair of src/test/resources/jwt (a key for tests only). */
public final class Tokens {

    public static final Path PUBLIC_KEY = Path.of("src", "test", "resources", "jwt", "public.pem").toAbsolutePath();
    private static final Path PRIVATE_KEY = Path.of("src", "test", "resources", "jwt", "private.pem").toAbsolutePath();

    /** An ipam-admin token for all namespaces: what tests not about security act as. */
    public static final String ADMIN = token("test-admin", List.of("ipam-admin"), List.of("*"), 3600);

    private Tokens() {
    }

    /** A token of the configured issuer and audience, valid for {@code seconds} (negative: already expired). */
    public static String token(String subject, List<String> roles, List<String> namespaces, long seconds) {
        return sign(subject, roles, namespaces, seconds, "ipamql-local", privateKey());
    }

    public static String sign(String subject, List<String> roles, List<String> namespaces, long seconds, String issuer,
                              PrivateKey key) {
        return sign(subject, roles, namespaces, seconds, issuer, key, claims -> { });
    }

    /** An admin token of the trusted key with its claims changed by {@code change}. */
    public static String adminWith(java.util.function.Consumer<JwtClaims> change) {
        return sign("test-admin", List.of("ipam-admin"), List.of("*"), 600, "ipamql-local", privateKey(), change);
    }

    private static String sign(String subject, List<String> roles, List<String> namespaces, long seconds, String issuer,
                               PrivateKey key, java.util.function.Consumer<JwtClaims> change) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setAudience("ipamql");
            claims.setSubject(subject);
            claims.setClaim("upn", subject);
            claims.setStringListClaim("groups", roles);
            claims.setStringListClaim("namespaces", namespaces);
            long now = System.currentTimeMillis() / 1000;
            claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now - 60 + Math.min(0, seconds)));
            claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + seconds));
            claims.setJwtId(UUID.randomUUID().toString());
            change.accept(claims);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey privateKey() {
        try {
            String pem = Files.readString(PRIVATE_KEY).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
