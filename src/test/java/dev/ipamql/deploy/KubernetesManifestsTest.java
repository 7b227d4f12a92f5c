package dev.ipamql.deploy;

import static java.util.stream.Collectors.toCollection;
import static java.util.stream.Collectors.toMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ipamql.service.IpamConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.agroal.runtime.DataSourcesJdbcRuntimeConfig;
import io.quarkus.datasource.runtime.DataSourcesRuntimeConfig;
import io.quarkus.logging.json.runtime.JsonLogConfig;
import io.quarkus.reactive.datasource.runtime.DataSourcesReactiveRuntimeConfig;
import io.quarkus.reactive.pg.client.runtime.DataSourcesReactivePostgreSQLConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.shutdown.ShutdownConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The manifests in k8s/ and Dockerfile.native agree with each other and with the application's configuration. */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path DOCKERFILE = Path.of("Dockerfile.native");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** The typed model of each kind the kustomization may hold; the CloudNativePG Cluster has none. */
    private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "postgresql.cnpg.io/v1/Cluster", GenericKubernetesResource.class);

    /** The keys CloudNativePG documents for the Secret {@code <cluster>-app} of a database's owner. */
    private static final Set<String> CNPG_APP_SECRET_KEYS =
            Set.of("username", "password", "host", "port", "dbname", "pgpass", "uri", "jdbc-uri");

    /** PostgreSQL's default superuser_reserved_connections, which postgres-cluster.yaml does not change. */
    private static final int SUPERUSER_RESERVED_CONNECTIONS = 3;

    private static Map<String, Object> kustomization;
    private static Map<String, HasMetadata> resources;
    private static Properties applicationProperties;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readManifests() throws IOException {
        kustomization = Serialization.unmarshal(Files.readString(K8S.resolve("kustomization.yaml")), Map.class);
        resources = new LinkedHashMap<>();
        for (String file : resourceFiles()) {
            String yaml = Files.readString(K8S.resolve(file));
            GenericKubernetesResource untyped = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
            Class<? extends HasMetadata> model = MODELS.getOrDefault(
                    untyped.getApiVersion() + "/" + untyped.getKind(), GenericKubernetesResource.class);
            resources.put(file, Serialization.unmarshal(yaml, model));
        }
        applicationProperties = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            applicationProperties.load(reader);
        }
    }

    @Test
    void everyManifestParsesIntoTheTypedModelOfItsKindWithoutUnknownFields() throws IOException {
        Map<String, String> kinds = resources.entrySet().stream().collect(toMap(Map.Entry::getKey,
                e -> e.getValue().getApiVersion() + "/" + e.getValue().getKind()));
        assertEquals(Map.of(
                "configmap.yaml", "v1/ConfigMap",
                "deployment.yaml", "apps/v1/Deployment",
                "service.yaml", "v1/Service",
                "hpa.yaml", "autoscaling/v2/HorizontalPodAutoscaler",
                "pdb.yaml", "policy/v1/PodDisruptionBudget",
                "networkpolicy.yaml", "networking.k8s.io/v1/NetworkPolicy",
                "postgres-cluster.yaml", "postgresql.cnpg.io/v1/Cluster"), kinds);

        try (Stream<Path> files = Files.list(K8S)) {
            Set<String> yamlFiles = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .collect(toCollection(TreeSet::new));
            assertEquals(yamlFiles, new TreeSet<>(resourceFiles()), "every manifest in k8s/ is a resource of the kustomization");
        }

        // A misspelt or mistyped field lands in a model's additionalProperties instead of failing the parse.
        resources.forEach((file, resource) -> {
            if (!(resource instanceof GenericKubernetesResource)) {
                List<String> unknown = new ArrayList<>();
                collectUnknownFields(resource, file, unknown);
                assertEquals(List.of(), unknown, "fields the " + resource.getKind() + " model does not know");
            }
        });
    }

    @Test
    void theContainerListensOnTheHttpPortOfTheApplicationAndTheServiceForwardsToIt() throws IOException {
        int httpPort = Integer.parseInt(setting("quarkus.http.port").orElseThrow());
        assertEquals(8080, httpPort);

        ContainerPort port = only(container().getPorts());
        assertEquals(httpPort, port.getContainerPort());
        assertEquals("http", port.getName());
        assertEquals("TCP", port.getProtocol());
        assertEquals(String.valueOf(httpPort), lastDockerfileInstruction("EXPOSE"));

        Service service = resource(Service.class);
        assertEquals("ClusterIP", service.getSpec().getType());
        ServicePort servicePort = only(service.getSpec().getPorts());
        assertEquals(80, servicePort.getPort());
        assertEquals(new IntOrString("http"), servicePort.getTargetPort());
        assertEquals("TCP", servicePort.getProtocol());
    }

    @Test
    void probesAskTheSmallRyeHealthEndpointsOnTheHttpPort() {
        Container container = container();
        assertEquals("/q/health/started", onHttpPort(container.getStartupProbe().getHttpGet()));
        assertEquals("/q/health/live", onHttpPort(container.getLivenessProbe().getHttpGet()));
        assertEquals("/q/health/ready", onHttpPort(container.getReadinessProbe().getHttpGet()));
        // Either would move the health endpoints away from the paths above.
        assertEquals(Optional.empty(), setting("quarkus.http.non-application-root-path"));
        assertEquals(Optional.empty(), setting("quarkus.smallrye-health.root-path"));
    }

    @Test
    void everyEnvironmentVariableIsOneTheApplicationReadsAndNoneIsDeprecated() throws IOException {
        Set<String> known = variablesTheApplicationReads();
        assertTrue(known.containsAll(Set.of("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_HTTP_PORT",
                "IPAMQL_EMBEDDED_ENABLED", "IPAMQL_RETRY_MAX_BACK_OFF", "QUARKUS_LOG_CONSOLE_JSON_ENABLED")),
                known.toString());
        assertFalse(known.contains("QUARKUS_LOG_CONSOLE_JSON"), "deprecated for QUARKUS_LOG_CONSOLE_JSON_ENABLED");

        Container container = container();
        EnvFromSource envFrom = only(container.getEnvFrom());
        assertEquals(resource(ConfigMap.class).getMetadata().getName(), envFrom.getConfigMapRef().getName());
        assertNull(envFrom.getPrefix());

        Set<String> deployed = new TreeSet<>(resource(ConfigMap.class).getData().keySet());
        container.getEnv().forEach(env -> deployed.add(env.getName()));
        assertEquals(Set.of(), difference(deployed, known), "variables no configuration of the application reads");
        Set<String> dockerRun = dockerRunVariables();
        assertEquals(Set.of(), difference(dockerRun, known), "variables of the docker run command");
        assertEquals(Set.of("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "IPAMQL_EMBEDDED_ENABLED",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION"), dockerRun);
        assertEquals(Set.of("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE",
                "IPAMQL_EMBEDDED_ENABLED", "QUARKUS_SHUTDOWN_TIMEOUT", "QUARKUS_LOG_CONSOLE_JSON_ENABLED",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES"), deployed);

        // The Service "ipamql" would inject IPAMQL_SERVICE_HOST, IPAMQL_PORT... into the ipamql.* namespace.
        assertEquals(false, podSpec().getEnableServiceLinks());
    }

    @Test
    void theApplicationUsesTheReadWriteServiceAndTheDatabaseOfTheCluster() {
        String cluster = cluster().getMetadata().getName();
        String database = cluster().get("spec", "bootstrap", "initdb", "database");
        assertEquals("ipam-db", cluster);
        assertEquals("ipam", database);

        Map<String, String> data = resource(ConfigMap.class).getData();
        assertEquals("postgresql://" + cluster + "-rw:5432/" + database, data.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertEquals("jdbc:postgresql://" + cluster + "-rw:5432/" + database, data.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("false", data.get("IPAMQL_EMBEDDED_ENABLED"));
        assertEquals("true", data.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));
    }

    @Test
    void theDeploymentAsksForJsonLogsWhileTheApplicationLogsPlainTextByDefault() {
        assertEquals("true", resource(ConfigMap.class).getData().get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));
        assertEquals(Optional.of("true"), setting("quarkus.log.console.json.enabled"));
        // what `java -jar` on a terminal gets: no profile of application.properties turns JSON on
        assertEquals("false", applicationProperties.getProperty("quarkus.log.console.json.enabled"));
        assertEquals(List.of(), applicationProperties.stringPropertyNames().stream()
                .filter(key -> key.matches("%[^.]+\\.quarkus\\.log\\.console\\.json.*")).toList());
    }

    @Test
    void databaseCredentialsComeFromTheApplicationSecretCloudNativePgCreates() {
        String secret = cluster().getMetadata().getName() + "-app";
        assertNull(cluster().get("spec", "bootstrap", "initdb", "secret"), "a secret of one's own renames " + secret);

        Map<String, SecretKeySelector> references = new LinkedHashMap<>();
        for (EnvVar env : container().getEnv()) {
            assertNull(env.getValue(), env.getName() + " is a credential: it comes from the Secret");
            references.put(env.getName(), env.getValueFrom().getSecretKeyRef());
        }
        assertEquals(Set.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD"), references.keySet());
        assertEquals("username", references.get("QUARKUS_DATASOURCE_USERNAME").getKey());
        assertEquals("password", references.get("QUARKUS_DATASOURCE_PASSWORD").getKey());
        references.forEach((name, reference) -> {
            assertEquals(secret, reference.getName(), name);
            assertTrue(CNPG_APP_SECRET_KEYS.contains(reference.getKey()), name + ": " + reference.getKey());
        });
    }

    @Test
    void theDeploymentRunsTheImageTheDockerfileHeaderBuilds() throws IOException {
        List<String> commands = dockerfileHeaderCommands();
        Matcher build = Pattern.compile("docker build -f Dockerfile\\.native -t (\\S+) \\.").matcher(
                commands.stream().filter(c -> c.startsWith("docker build")).findFirst().orElseThrow());
        assertTrue(build.matches(), build.toString());
        String image = build.group(1);
        assertEquals("ipamql:0.1.0", image);

        String run = commands.stream().filter(c -> c.startsWith("docker run")).findFirst().orElseThrow();
        assertEquals(image, run.substring(run.lastIndexOf(' ') + 1));
        assertEquals(image, container().getImage());
    }

    @Test
    void theServiceTheBudgetThePolicyAndTheSpreadSelectExactlyTheDeploymentsPods() {
        Deployment deployment = resource(Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertEquals(Map.of("app.kubernetes.io/name", "ipamql", "app.kubernetes.io/component", "server"), podLabels);

        assertEquals(podLabels, deployment.getSpec().getSelector().getMatchLabels());
        assertEquals(podLabels, resource(Service.class).getSpec().getSelector());
        assertEquals(podLabels, resource(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
        assertEquals(podLabels, resource(NetworkPolicy.class).getSpec().getPodSelector().getMatchLabels());
        assertEquals(podLabels, only(podSpec().getTopologySpreadConstraints()).getLabelSelector().getMatchLabels());
        Stream.of(deployment.getSpec().getSelector(),
                        resource(PodDisruptionBudget.class).getSpec().getSelector(),
                        resource(NetworkPolicy.class).getSpec().getPodSelector())
                .forEach(selector -> assertEquals(List.of(), selector.getMatchExpressions()));

        Map<String, Object> commonLabels = only(list(kustomization.get("labels")));
        assertEquals(Map.of("app.kubernetes.io/name", "ipamql"), commonLabels.get("pairs"));
        // Else kustomize adds the label to the NetworkPolicy's selectors of the database and DNS pods too.
        assertEquals(false, commonLabels.get("includeSelectors"));
    }

    @Test
    void theAutoscalerScalesTheDeploymentKeepingOneReplicaAboveTheDisruptionBudget() {
        Deployment deployment = resource(Deployment.class);
        HorizontalPodAutoscalerSpec hpa = resource(HorizontalPodAutoscaler.class).getSpec();
        assertEquals("apps/v1", hpa.getScaleTargetRef().getApiVersion());
        assertEquals("Deployment", hpa.getScaleTargetRef().getKind());
        assertEquals(deployment.getMetadata().getName(), hpa.getScaleTargetRef().getName());
        assertEquals(3, hpa.getMinReplicas());
        assertEquals(10, hpa.getMaxReplicas());
        MetricSpec metric = only(hpa.getMetrics());
        assertEquals("Resource", metric.getType());
        assertEquals("cpu", metric.getResource().getName());
        assertEquals("Utilization", metric.getResource().getTarget().getType());
        assertEquals(70, metric.getResource().getTarget().getAverageUtilization());

        IntOrString minAvailable = resource(PodDisruptionBudget.class).getSpec().getMinAvailable();
        assertEquals(new IntOrString(2), minAvailable);
        assertTrue(hpa.getMinReplicas() >= minAvailable.getIntVal() + 1);
        assertEquals(hpa.getMinReplicas(), deployment.getSpec().getReplicas());
    }

    @Test
    void theDatabaseClusterHasAPrimaryAndTwoReplicasAndCreatesBtreeGist() throws IOException {
        GenericKubernetesResource cluster = cluster();
        assertEquals(Integer.valueOf(3), cluster.get("spec", "instances"));
        assertEquals("ipam", cluster.get("spec", "bootstrap", "initdb", "owner"));
        assertEquals(List.of("CREATE EXTENSION IF NOT EXISTS btree_gist"),
                cluster.get("spec", "bootstrap", "initdb", "postInitApplicationSQL"));
        try (Stream<Path> migrations = Files.list(MIGRATIONS)) {
            assertTrue(migrations.anyMatch(m -> read(m).contains("btree_gist")), "the schema uses btree_gist");
        }
    }

    @Test
    void theNetworkPolicyAdmitsOnlyHttpIntoThePods() {
        NetworkPolicy policy = resource(NetworkPolicy.class);
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        NetworkPolicyIngressRule ingress = only(policy.getSpec().getIngress());
        assertEquals(List.of(), ingress.getFrom());
        NetworkPolicyPort port = only(ingress.getPorts());
        assertEquals("TCP", port.getProtocol());
        assertEquals(new IntOrString(only(container().getPorts()).getContainerPort()), port.getPort());
    }

    @Test
    void theNetworkPolicyLetsThePodsReachOnlyTheirDatabaseAndTheClusterDns() {
        List<NetworkPolicyEgressRule> egress = resource(NetworkPolicy.class).getSpec().getEgress();
        assertEquals(2, egress.size());

        NetworkPolicyEgressRule database = egress.get(0);
        NetworkPolicyPeer databasePods = only(database.getTo());
        assertEquals(Map.of("cnpg.io/cluster", cluster().getMetadata().getName()),
                databasePods.getPodSelector().getMatchLabels());
        assertNull(databasePods.getNamespaceSelector());
        assertNull(databasePods.getIpBlock());
        NetworkPolicyPort postgres = only(database.getPorts());
        assertEquals("TCP", postgres.getProtocol());
        assertEquals(new IntOrString(5432), postgres.getPort());
        int urlPort = URI.create(resource(ConfigMap.class).getData().get("QUARKUS_DATASOURCE_REACTIVE_URL")).getPort();
        assertEquals(postgres.getPort().getIntVal(), urlPort);

        NetworkPolicyEgressRule dns = egress.get(1);
        NetworkPolicyPeer dnsPods = only(dns.getTo());
        assertEquals(Map.of("kubernetes.io/metadata.name", "kube-system"), dnsPods.getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("k8s-app", "kube-dns"), dnsPods.getPodSelector().getMatchLabels());
        assertEquals(List.of("UDP 53", "TCP 53"),
                dns.getPorts().stream().map(p -> p.getProtocol() + " " + p.getPort().getIntVal()).toList());
    }

    @Test
    void theContainerRunsAsTheImagesUnprivilegedUserOnAReadOnlyRootFilesystem() throws IOException {
        PodSpec pod = podSpec();
        PodSecurityContext podSecurity = pod.getSecurityContext();
        assertEquals(true, podSecurity.getRunAsNonRoot());
        assertEquals(1001L, podSecurity.getRunAsUser());
        assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType());
        assertEquals(false, pod.getAutomountServiceAccountToken());

        SecurityContext security = container().getSecurityContext();
        assertEquals(true, security.getRunAsNonRoot());
        assertEquals(1001L, security.getRunAsUser());
        assertEquals(true, security.getReadOnlyRootFilesystem());
        assertEquals(false, security.getAllowPrivilegeEscalation());
        assertNull(security.getPrivileged());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertEquals(List.of(), security.getCapabilities().getAdd());
        assertEquals("RuntimeDefault", security.getSeccompProfile().getType());
        assertEquals(String.valueOf(security.getRunAsUser()), lastDockerfileInstruction("USER"));

        List<VolumeMount> mounts = container().getVolumeMounts();
        assertEquals(List.of("/tmp", "/etc/ipamql/jwt"), mounts.stream().map(VolumeMount::getMountPath).toList());
        assertEquals(true, mounts.get(1).getReadOnly());
        List<Volume> volumes = pod.getVolumes();
        assertEquals(mounts.stream().map(VolumeMount::getName).toList(), volumes.stream().map(Volume::getName).toList());
        assertNotNull(volumes.get(0).getEmptyDir());
        assertEquals("ipamql-jwt", volumes.get(1).getSecret().getSecretName());
        assertEquals(resource(ConfigMap.class).getData().get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"),
                mounts.get(1).getMountPath() + "/" + volumes.get(1).getSecret().getItems().get(0).getPath());
    }

    @Test
    void theContainerRequestsAndLimitsCpuAndMemory() {
        Map<String, Quantity> requests = container().getResources().getRequests();
        Map<String, Quantity> limits = container().getResources().getLimits();
        assertEquals(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("128Mi")), requests);
        assertEquals(Map.of("cpu", new Quantity("1"), "memory", new Quantity("256Mi")), limits);
        requests.forEach((resource, request) -> assertTrue(
                request.getNumericalAmount().compareTo(limits.get(resource).getNumericalAmount()) <= 0, resource));
    }

    @Test
    void theGracefulShutdownEndsWithinTheTerminationGracePeriod() {
        Duration shutdownTimeout = new DurationConverter().convert(setting("quarkus.shutdown.timeout").orElseThrow());
        assertEquals(Duration.ofSeconds(20), shutdownTimeout);
        long preStopSleep = container().getLifecycle().getPreStop().getSleep().getSeconds();
        assertEquals(5, preStopSleep);
        long gracePeriod = podSpec().getTerminationGracePeriodSeconds();
        assertEquals(30, gracePeriod);
        assertTrue(preStopSleep + shutdownTimeout.toSeconds() < gracePeriod);
    }

    @Test
    void theDatabaseAcceptsTheConnectionsOfTheLargestScaleOut() {
        int replicas = resource(HorizontalPodAutoscaler.class).getSpec().getMaxReplicas();
        int reactivePool = Integer.parseInt(setting("quarkus.datasource.reactive.max-size").orElseThrow());
        int migrationPool = Integer.parseInt(setting("quarkus.datasource.jdbc.max-size").orElseThrow());
        assertEquals(10, reactivePool);
        assertEquals(2, migrationPool);
        int maxConnections = Integer.parseInt(cluster().get("spec", "postgresql", "parameters", "max_connections"));
        assertNull(cluster().get("spec", "postgresql", "parameters", "superuser_reserved_connections"));
        assertEquals(200, maxConnections);
        assertTrue(replicas * (reactivePool + migrationPool) <= maxConnections - SUPERUSER_RESERVED_CONNECTIONS,
                replicas + " replicas x (" + reactivePool + " + " + migrationPool + ") connections");
    }

    // ---- the application's side

    /**
     * The environment variables the deployed application reads: those of the configuration it declares
     * (IpamConfig), of the Quarkus datasource and HTTP configuration, the shutdown timeout and the JSON
     * console log, named as Quarkus maps a property to a variable. Deprecated properties are left out;
     * so are named datasources and map keys (a {@code *} in the name), which ipamql does not use.
     */
    private static Set<String> variablesTheApplicationReads() {
        Map<String, Property> declared = new LinkedHashMap<>();
        for (Class<?> mapping : List.of(IpamConfig.class, DataSourcesRuntimeConfig.class,
                DataSourcesJdbcRuntimeConfig.class, DataSourcesReactiveRuntimeConfig.class,
                DataSourcesReactivePostgreSQLConfig.class, VertxHttpConfig.class)) {
            declared.putAll(declaredProperties(mapping));
        }
        declaredProperties(ShutdownConfig.class).forEach((name, property) -> {
            if (name.equals("quarkus.shutdown.timeout")) {
                declared.put(name, property);
            }
        });
        declaredProperties(JsonLogConfig.class).forEach((name, property) -> {
            if (name.startsWith("quarkus.log.console.json")) {
                declared.put(name, property);
            }
        });
        Set<String> variables = declared.entrySet().stream()
                .filter(e -> !e.getKey().contains("*") && !e.getValue().getMethod().isAnnotationPresent(Deprecated.class))
                .map(e -> environmentVariable(e.getKey()))
                .collect(toCollection(TreeSet::new));
        // MicroProfile JWT's own keys (read by smallrye-jwt, not a Quarkus mapping)
        MP_JWT_KEYS.forEach(key -> variables.add(environmentVariable(key)));
        return variables;
    }

    private static final List<String> MP_JWT_KEYS = List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.issuer",
            "mp.jwt.verify.audiences");

    private static Map<String, Property> declaredProperties(Class<?> mapping) {
        return ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping));
    }

    /** Quarkus's rule: every character other than a letter or a digit becomes {@code _}, then upper case. */
    private static String environmentVariable(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** A property as the deployed application sees it: the Deployment's or ConfigMap's variable, else application.properties. */
    private static Optional<String> setting(String property) {
        String variable = environmentVariable(property);
        Optional<String> fromEnvironment = container().getEnv().stream()
                .filter(env -> env.getName().equals(variable) && env.getValue() != null)
                .map(EnvVar::getValue)
                .findFirst()
                .or(() -> Optional.ofNullable(resource(ConfigMap.class).getData().get(variable)));
        return fromEnvironment
                .or(() -> Optional.ofNullable(applicationProperties.getProperty("%prod." + property)))
                .or(() -> Optional.ofNullable(applicationProperties.getProperty(property)));
    }

    // ---- the manifests

    private static List<String> resourceFiles() {
        return list(kustomization.get("resources"));
    }

    private static <T extends HasMetadata> T resource(Class<T> model) {
        return only(resources.values().stream().filter(model::isInstance).map(model::cast).toList());
    }

    private static GenericKubernetesResource cluster() {
        GenericKubernetesResource cluster = resource(GenericKubernetesResource.class);
        assertEquals("Cluster", cluster.getKind());
        return cluster;
    }

    private static PodSpec podSpec() {
        return resource(Deployment.class).getSpec().getTemplate().getSpec();
    }

    private static Container container() {
        return only(podSpec().getContainers());
    }

    private static String onHttpPort(HTTPGetAction probe) {
        assertEquals(new IntOrString("http"), probe.getPort());
        return probe.getPath();
    }

    /** Fields that landed in a model's additionalProperties, as paths from the file name. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown) {
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
        } else if (node != null && node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            for (Method getter : node.getClass().getMethods()) {
                if (getter.getParameterCount() > 0 || !getter.getName().startsWith("get")
                        || getter.getDeclaringClass() == Object.class) {
                    continue;
                }
                Object value = invoke(getter, node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    collectUnknownFields(value, path + "." + getter.getName().substring(3), unknown);
                }
            }
        }
    }

    // ---- Dockerfile.native

    /** The commands of the header comment, continuation lines joined. */
    private static List<String> dockerfileHeaderCommands() throws IOException {
        StringBuilder header = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (!line.startsWith("#")) {
                break;
            }
            header.append(line.replaceFirst("^#\\s*", "")).append('\n');
        }
        return header.toString().replaceAll("\\s*\\\\\n", " ").lines()
                .filter(line -> line.startsWith("docker "))
                .toList();
    }

    private static Set<String> dockerRunVariables() throws IOException {
        String run = dockerfileHeaderCommands().stream().filter(c -> c.startsWith("docker run")).findFirst().orElseThrow();
        Set<String> variables = new TreeSet<>();
        Matcher env = Pattern.compile(" -e ([A-Za-z0-9_]+)=").matcher(run);
        while (env.find()) {
            variables.add(env.group(1));
        }
        return variables;
    }

    /** The argument of the last instruction of that name: the one of the runtime stage. */
    private static String lastDockerfileInstruction(String instruction) throws IOException {
        String last = null;
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (line.startsWith(instruction + " ")) {
                last = line.substring(instruction.length() + 1).strip();
            }
        }
        assertNotNull(last, instruction + " in " + DOCKERFILE);
        return last;
    }

    // ---- small helpers

    private static <T> T only(List<T> items) {
        assertNotNull(items);
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object yaml) {
        if (!(yaml instanceof List<?> items)) {
            return fail("not a list: " + yaml);
        }
        return (List<T>) items;
    }

    private static Set<String> difference(Set<String> set, Set<String> minus) {
        Set<String> rest = new TreeSet<>(set);
        rest.removeAll(minus);
        return rest;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(getter.toString(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(file.toString(), e);
        }
    }
}
