package dev.ipamql.api;

import dev.ipamql.service.IpamConfig;
import dev.ipamql.service.Sha256;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.execution.SchemaPrinter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
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
                    Sha256.hex(new SchemaPrinter().print(schema.get())));
            info = known;
        }
        return known;
    }
}
