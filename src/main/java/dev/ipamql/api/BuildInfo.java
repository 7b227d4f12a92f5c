package dev.ipamql.api;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code BuildInfo}. */
@Description("What is running: the service's version, its source revision and its schema's digest.")
public class BuildInfo {

    private final String version;
    private final String commit;
    private final String schemaDigest;

    public BuildInfo(String version, String commit, String schemaDigest) {
        this.version = version;
        this.commit = commit;
        this.schemaDigest = schemaDigest;
    }

    public @NonNull String getVersion() {
        return version;
    }

    public String getCommit() {
        return commit;
    }

    public @NonNull String getSchemaDigest() {
        return schemaDigest;
    }
}
