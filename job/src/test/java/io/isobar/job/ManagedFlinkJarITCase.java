package io.isobar.job;

import static io.isobar.job.IngestTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.job.config.JobConfig;
import io.isobar.job.pipeline.Deduplicate;
import io.isobar.json.Json;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;

/**
 * The jar we hand to Amazon Managed Service for Apache Flink ({@code target/isobar-job-managed-flink.jar}, made by
 * this module's package phase) runs on a real Flink 1.20 session cluster: a JobManager and a TaskManager in JVMs of
 * their own, started from Flink's entry points on the class path a Flink distribution has
 * ({@code target/flink-cluster/lib}: Flink, its web UI, Log4j; nothing of ours), given the job through the REST API
 * ({@code /jars/upload}, {@code /jars/{id}/run}) as an operator would, configured the way Managed Flink configures
 * it: an application properties file in the runtime's JSON form, read by the Managed Flink runtime library
 * ({@link IngestJob#APPLICATION_PROPERTIES_ENV} names where, since this cluster cannot use {@code /etc/flink}).
 *
 * <p>One cluster for the class. The test indexes a run's files, checks the job's metrics and web UI, stops the job
 * with a savepoint, submits the jar again from it, and shows that the de-duplication state survived: every
 * notification sent again is dropped (counted), new ones are indexed, the first entries are not rewritten.
 */
class ManagedFlinkJarITCase {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path JAR = TARGET.resolve("isobar-job-managed-flink.jar");
    private static final Path LIB = TARGET.resolve("flink-cluster/lib");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The cluster's configuration, logs, uploads and savepoints: kept after the run, to read when it fails. */
    private static final Path work = TARGET.resolve("managed-flink-it");
    private static LocalAws aws;
    private static IngestTestStack stack;
    private static URI rest;
    private static final List<Process> cluster = new ArrayList<>();

    @BeforeAll
    static void startClusterAndEmulators() throws Exception {
        assertThat(JAR).as("the Managed Flink jar (made by mvn package)").isRegularFile();
        assertThat(LIB).as("the Flink cluster's libraries (made by mvn package)").isDirectory();
        deleteRecursively(work);
        Files.createDirectories(work);
        aws = LocalAws.builder().start();
        stack = new IngestTestStack(aws);

        int restPort = freePort();
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + freePort(),
                "jobmanager.bind-host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "jobmanager.memory.process.size: 900m",
                "taskmanager.memory.process.size: 1300m",
                "taskmanager.memory.managed.size: 32m",
                "taskmanager.numberOfTaskSlots: 2",
                "parallelism.default: 1",
                // Managed Flink checkpoints on its own schedule (30 s); here often, so messages are deleted soon.
                "execution.checkpointing.interval: 1s",
                "state.savepoints.dir: " + work.resolve("savepoints").toUri(),
                "state.checkpoints.dir: " + work.resolve("checkpoints").toUri(),
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 3",
                "restart-strategy.fixed-delay.delay: 1s",
                "metrics.fetcher.update-interval: 500",
                "web.upload.dir: " + Files.createDirectories(work.resolve("uploads")),
                ""));
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1.} %m%n",
                ""));
        Path properties = work.resolve("application_properties.json");
        Files.writeString(properties, applicationProperties(stack.jobProperties()));

        cluster.add(start("jobmanager", "GET_JM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", conf,
                Map.of(IngestJob.APPLICATION_PROPERTIES_ENV, properties.toString())));
        cluster.add(start("taskmanager", "GET_TM_RESOURCE_PARAMS", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                conf, Map.of()));
        rest = URI.create("http://127.0.0.1:" + restPort);
        await("the cluster's REST API and its TaskManager", PATIENCE, () -> {
            try {
                return get("/overview").path("taskmanagers").asInt() == 1;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopClusterAndEmulators() throws Exception {
        for (Process process : cluster) {
            process.destroy();
        }
        for (Process process : cluster) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (stack != null) {
            stack.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void theManagedFlinkJarIndexesOnASessionClusterAndKeepsItsStateAcrossASavepoint() throws Exception {
        assertShadedForTheManagedRuntime();
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-25T06:00:00Z"));
        List<String> bodies = published.bodies();
        int first = bodies.size() / 2;
        assertThat(first).as("a run of several files").isGreaterThan(1);

        String jarId = upload(JAR);
        String job = run(jarId, null);
        stack.send(bodies.subList(0, first));
        await(first + " files indexed", PATIENCE, () -> stack.indexedFiles().size() >= first);
        await("the first messages deleted", PATIENCE, () -> stack.queueDepth() == 0);
        Map<String, String> indexedAt = indexedAt();
        assertThat(indexedAt).hasSize(first);

        // What an operator watches: the job's metrics and the web UI.
        await("the header reads reported", PATIENCE, () -> metric(job, "Read header", "headerReads") >= first);
        assertThat(metric(job, "Read header", "headerReads")).isEqualTo(first);
        assertThat(IngestTestStack.jobMetric(rest, job, "numRestarts")).isZero();
        HttpResponse<String> ui = HTTP.send(HttpRequest.newBuilder(rest.resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("Apache Flink Web Dashboard");

        // An update as Managed Flink makes one: a savepoint, then the jar started again from it.
        String savepoint = stopWithSavepoint(job);
        String restored = run(jarId, savepoint);
        stack.send(bodies); // the first half again (redelivered or republished), and the second half, new
        await(bodies.size() + " files indexed", PATIENCE, () -> stack.indexedFiles().size() >= bodies.size());
        await("every message deleted", PATIENCE, () -> stack.queueDepth() == 0);
        await("the duplicates counted", PATIENCE,
                () -> metric(restored, "De-duplicate", Deduplicate.DUPLICATES_DROPPED) >= first);

        assertThat(metric(restored, "De-duplicate", Deduplicate.DUPLICATES_DROPPED))
                .as("every notification of a file indexed before the savepoint dropped").isEqualTo(first);
        await("the header reads reported", PATIENCE,
                () -> metric(restored, "Read header", "headerReads") >= bodies.size() - first);
        assertThat(metric(restored, "Read header", "headerReads")).as("only the new files read").isEqualTo(bodies.size() - first);
        Map<String, String> after = indexedAt();
        assertThat(after).hasSize(bodies.size());
        indexedAt.forEach((uri, at) -> assertThat(after.get(uri)).as("%s not indexed again", uri).isEqualTo(at));
        assertThat(stack.errors()).isEmpty();
        assertThat(stack.deadLetterDepth()).isZero();
        assertThat(IngestTestStack.failures(rest, restored)).as("failures in the exception history").isZero();
    }

    /**
     * What the Managed Flink runtime needs from the jar: the runtime library's own config.properties (it names where
     * Managed Flink writes the application properties), the service files merged, Flink and logging left out.
     */
    private static void assertShadedForTheManagedRuntime() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Properties runtime = new Properties();
            runtime.load(jar.getInputStream(jar.getEntry("config.properties")));
            assertThat(runtime.getProperty("application_properties_file")).isEqualTo("/etc/flink/application_properties.json");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(IngestJob.class.getName());
            assertThat(jar.getEntry("org/apache/flink/runtime/jobgraph/JobGraph.class")).as("Flink itself").isNull();
            assertThat(jar.getEntry("org/apache/logging/log4j/Logger.class")).as("Log4j").isNull();
            assertThat(jar.getEntry("org/slf4j/Logger.class")).as("SLF4J").isNull();
            String httpServices = new String(jar.getInputStream(jar.getEntry(
                    "META-INF/services/software.amazon.awssdk.http.SdkHttpService")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(httpServices).contains("software.amazon.awssdk.http.apache.ApacheSdkHttpService");
        }
    }

    /** The job's settings as Managed Flink hands them over: a JSON array of property groups. */
    private static String applicationProperties(Properties settings) {
        ArrayNode groups = Json.mapper().createArrayNode();
        ObjectNode group = groups.addObject();
        group.put("PropertyGroupId", JobConfig.PROPERTY_GROUP);
        ObjectNode map = group.putObject("PropertyMap");
        settings.stringPropertyNames().stream().sorted().forEach(key -> map.put(key, settings.getProperty(key)));
        return groups.toString();
    }

    /**
     * Starts a JobManager or TaskManager process as Flink's own scripts do: the memory its configuration gives it,
     * worked out by Flink's {@code BashJavaUtils} ({@code resources}: GET_JM_ or GET_TM_RESOURCE_PARAMS) as JVM
     * flags and dynamic properties, then the entry point {@code mainClass}.
     */
    private static Process start(String name, String resources, String mainClass, Path conf, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> params = resourceParams(resources, conf);
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of(params.get(0).split(" ")));
        command.add("-Dlog.file=" + work.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j2.properties").toUri());
        command.add("-cp");
        command.add(LIB.resolve("*").toString());
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf.toString());
        command.addAll(List.of(params.get(1).split(" ")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".out").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The two lines {@code BashJavaUtils} answers: JVM memory flags, and the dynamic properties that go with them. */
    private static List<String> resourceParams(String command, Path conf) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(java());
        args.addAll(List.of("-cp", LIB.resolve("*").toString(), "org.apache.flink.runtime.util.bash.BashJavaUtils", command,
                "--configDir", conf.toString()));
        Path out = work.resolve(command + ".out");
        Process process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("BashJavaUtils %s finished", command).isTrue();
        String prefix = "BASH_JAVA_UTILS_EXEC_RESULT:";
        List<String> results = Files.readAllLines(out).stream().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim()).toList();
        assertThat(results).as("BashJavaUtils %s answered: %s", command, Files.readString(out)).hasSize(2);
        return results;
    }

    /** This JVM's java, with the flags Flink needs on Java 17. */
    private static List<String> java() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Collections.addAll(command, System.getProperty("isobar.java17.opens", "").split("\\s+"));
        command.removeIf(String::isBlank);
        return command;
    }

    /** Uploads {@code jar} as {@code POST /jars/upload} does for the web UI; its id on the cluster. */
    private static String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "isobar-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        JsonNode answer = send(request);
        assertThat(answer.path("status").asText()).as("upload answer %s", answer).isEqualTo("success");
        return Path.of(answer.get("filename").asText()).getFileName().toString();
    }

    /** Runs the uploaded jar (its manifest's main class), from {@code savepoint} if given; waits until it runs. */
    private static String run(String jarId, String savepoint) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
            body.put("allowNonRestoredState", false);
        }
        JsonNode answer = send(HttpRequest.newBuilder(rest.resolve("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        String job = answer.path("jobid").asText(null);
        assertThat(job).as("run answer %s (cluster logs in %s)", answer, work).isNotNull();
        await("job " + job + " running", PATIENCE, () -> {
            try {
                JsonNode status = get("/jobs/" + job);
                boolean allRunning = status.path("vertices").size() > 0;
                for (JsonNode vertex : status.path("vertices")) {
                    allRunning &= "RUNNING".equals(vertex.path("status").asText());
                }
                return "RUNNING".equals(status.path("state").asText()) && allRunning;
            } catch (IOException e) {
                return false;
            }
        });
        return job;
    }

    /** Stops {@code job} with a savepoint ({@code POST /jobs/{id}/stop}); the savepoint's location. */
    private static String stopWithSavepoint(String job) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode().put("drain", false)
                .put("targetDirectory", work.resolve("savepoints").toUri().toString());
        String trigger = send(HttpRequest.newBuilder(rest.resolve("/jobs/" + job + "/stop"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build()).path("request-id").asText();
        String[] location = new String[1];
        await("the savepoint of " + job, PATIENCE, () -> {
            try {
                JsonNode status = get("/jobs/" + job + "/savepoints/" + trigger);
                if (!"COMPLETED".equals(status.path("status").path("id").asText())) {
                    return false;
                }
                JsonNode operation = status.path("operation");
                assertThat(operation.has("failure-cause")).as("savepoint failed: %s", operation).isFalse();
                location[0] = operation.path("location").asText();
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        await("job " + job + " finished", PATIENCE, () -> {
            try {
                return "FINISHED".equals(get("/jobs/" + job).path("state").asText());
            } catch (IOException e) {
                return false;
            }
        });
        return location[0];
    }

    private static long metric(String job, String vertex, String name) {
        try {
            return IngestTestStack.operatorMetric(rest, job, vertex, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Each indexed file's source URI and the time it was indexed. */
    private static Map<String, String> indexedAt() {
        return stack.indexedFiles().stream().collect(Collectors.toMap(ForecastFile::sourceUri,
                f -> f.indexedAt().toString(), (a, b) -> a, LinkedHashMap::new));
    }

    private static JsonNode get(String path) throws IOException {
        try {
            return send(HttpRequest.newBuilder(rest.resolve(path)).build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
