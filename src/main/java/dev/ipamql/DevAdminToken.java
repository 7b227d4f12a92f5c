package dev.ipamql;

import dev.ipamql.service.IpamConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Dev mode only (the bean is left out of every other build): logs an ipam-admin token signed with the key
 * pair smallrye-jwt makes for dev mode when no key is configured, so that dev mode runs with authentication on.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevAdminToken {

    private static final Logger LOG = Logger.getLogger(DevAdminToken.class);

    static final String SUBJECT = "dev-admin";
    static final Duration VALIDITY = Duration.ofHours(24);

    void print(@Observes StartupEvent start, IpamConfig ipam, Config config) {
        if (!ipam.auth().enabled()) {
            return;
        }
        // smallrye-jwt's dev key pair exists only while no verification key is configured
        if (config.getOptionalValue("smallrye.jwt.sign.key", String.class).isEmpty()) {
            LOG.info("Dev mode with a configured token key: mint tokens with src/tools/mint-token.sh");
            return;
        }
        String token = Jwt.issuer(config.getValue("mp.jwt.verify.issuer", String.class))
                .audience(config.getValue("mp.jwt.verify.audiences", String.class).split(",")[0].strip())
                .subject(SUBJECT)
                .upn(SUBJECT)
                .groups("ipam-admin")
                .claim("namespaces", List.of("*"))
                .expiresIn(VALIDITY)
                .sign();
        int port = config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        LOG.infof("Dev mode: an ipam-admin token for every namespace, valid %d hours (this run's key pair):%n%s%n"
                + "GraphiQL (http://localhost:%d/): Headers tab, {\"Authorization\": \"Bearer <token>\"}. curl:%n"
                + "curl -s -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' "
                + "-d '{\"query\": \"{ namespaces { name } }\"}' http://localhost:%d/graphql",
                VALIDITY.toHours(), token, port, token, port);
    }
}
