package dev.ipamql.api;

import dev.ipamql.service.IpamConfig;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.execution.SchemaPrinter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The build that is running: the version Maven built, the source commit when known
 * ({@code ipamql.build.commit}), and the SHA-256 of the schema as served at /graphql/schema.graphql.
 */
@ApplicationScoped
public class RunningBuild {

    private final String version;
    private final Optional<String> commit;
    private final Instance<GraphQLSchema> schema;
    private volatile BuildInfo info;

    public RunningBuild(@ConfigProperty(name = "quarkus.application.version") String version, IpamConfig config,
                        Instance<GraphQLSchema> schema) {
        this.version = version;
        this.commit = config.build().commit();
        this.schema = schema;
    }

    BuildInfo info() {
        BuildInfo known = info;
        if (known == null) {
            // the schema is built once at start; printing it is what the schema endpoint serves
            known = new BuildInfo(version, commit.filter(c -> !c.isBlank()).orElse(null),
                    sha256(new SchemaPrinter().print(schema.get())));
            info = known;
        }
        return known;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
