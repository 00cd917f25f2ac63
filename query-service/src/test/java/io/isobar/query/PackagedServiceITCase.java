package io.isobar.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The query service as it ships: the jar and its {@code lib/} that the container image copies, started as a process
 * of its own with the image's JVM flags ({@code ENTRYPOINT} of {@code query-service/Dockerfile}, in a 1 GiB "container":
 * {@code -XX:MaxRAM}) and the environment the ECS task gives it (region and table prefix as Terraform sets them,
 * emulator endpoints, and loopback instead of every interface on this shared machine). Two instances side by side
 * answer the same and push the same {@code /v1/events} ids; on SIGTERM an instance finishes the request it is serving
 * and exits within the ECS stop timeout (30 s, {@code stopTimeout} in terraform/query_service.tf).
 */
class PackagedServiceITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sampleWithArchive("packaged");

    private static final Path JAR = Path.of("target/isobar-query-service.jar").toAbsolutePath();
    private static final Path DOCKERFILE = Path.of("Dockerfile").toAbsolutePath();
    private static final String KEY = "isb_packaged_service_test_key_0001";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** The ECS task's stopTimeout: SIGKILL follows SIGTERM after this long. */
    private static final Duration ECS_STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String POINT = "/v1/point?place=Douglas&time=2025-06-14T01:00:00Z&variable=air_temperature&model=ukv";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<Process> started = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoPackagedInstancesAnswerAlikeAndOneDrainsOnSigterm() throws Exception {
        assertThat(JAR).as("the packaged jar (mvn package)").isRegularFile();
        assertThat(JAR.resolveSibling("lib")).as("its libraries (mvn package)").isDirectory();
        try (HeldProxy s3 = new HeldProxy(index.fixture().aws().s3Endpoint().orElseThrow())) {
            Instance a = Instance.start("a", URI.create("http://127.0.0.1:" + s3.port()));
            Instance b = Instance.start("b", index.fixture().aws().s3Endpoint().orElseThrow());
            a.awaitHealthy();
            b.awaitHealthy();

            // The same question, the same answer (instance b reads S3 directly; a through a proxy, released here).
            s3.release();
            HttpResponse<String> fromA = a.get(POINT);
            HttpResponse<String> fromB = b.get(POINT);
            assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(200);
            assertThat(JSON.readTree(fromA.body())).isEqualTo(JSON.readTree(fromB.body()));
            assertThat(JSON.readTree(a.get("/v1/times").body())).isEqualTo(JSON.readTree(b.get("/v1/times").body()));

            // The same live events, with the same ids: each instance reads the files table's stream itself.
            Events eventsA = a.events();
            Events eventsB = b.events();
            index.fixture().put(IndexFixture.file("ukv", "relative_humidity", SampleIndex.R1, SampleIndex.T3, "packaged-live"));
            await("a file event on both instances", () -> !eventsA.ids().isEmpty() && !eventsB.ids().isEmpty());
            assertThat(eventsA.ids()).isEqualTo(eventsB.ids());
            eventsA.close();
            eventsB.close();

            // SIGTERM while a request is in flight: held at S3 (a new time: not cached), released once the stop began.
            s3.hold();
            CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(a.request(
                    "/v1/point?place=Douglas&time=2025-06-14T02:00:00Z&variable=air_temperature&model=ukv"),
                    HttpResponse.BodyHandlers.ofString());
            await("the request waiting on S3", () -> s3.held() > 0);
            a.process.destroy(); // SIGTERM, as ECS sends it
            await("instance a to stop taking connections", () -> !a.accepts());
            s3.release();
            HttpResponse<String> drained = inFlight.get(ECS_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(drained.statusCode()).as("the in-flight request, answered while stopping: %s", drained.body()).isEqualTo(200);
            assertThat(a.process.waitFor(ECS_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("exited within the ECS stop timeout (log: %s)", a.log).isTrue();
            assertThat(b.get(POINT).statusCode()).as("the other instance serves on").isEqualTo(200);
            b.process.destroy();
            assertThat(b.process.waitFor(ECS_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    /** One packaged service process. */
    private record Instance(Process process, int port, Path log) {

        static Instance start(String name, URI s3) throws IOException {
            int port = freePort();
            List<String> command = new ArrayList<>(entrypoint());
            // The container's memory limit, as the JVM sees it in a 1 GiB task (its heap is 75 % of it).
            command.add(1, "-XX:MaxRAM=1g");
            command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.replaceAll(arg -> arg.equals("/app/isobar-query-service.jar") ? JAR.toString() : arg);
            Map<String, String> env = new HashMap<>(dockerfileEnv());
            env.put("ISOBAR_HOST", "127.0.0.1"); // the image listens on every interface; this machine is shared
            env.put("PORT", Integer.toString(port));
            env.put("ISOBAR_AWS_REGION", index.fixture().aws().region());
            env.put("ISOBAR_TABLE_PREFIX", index.fixture().tables().files().replaceAll("-files$", ""));
            env.put("ISOBAR_DYNAMODB_ENDPOINT", index.fixture().aws().dynamoDbEndpoint().orElseThrow().toString());
            env.put("ISOBAR_S3_ENDPOINT", s3.toString());
            env.put("ISOBAR_API_KEY", KEY);
            Path log = Files.createTempFile("query-service-" + name, ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(JAR.getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            started.add(process);
            return new Instance(process, port, log);
        }

        void awaitHealthy() throws InterruptedException {
            await("instance on port " + port + " healthy (log: " + log + ")", () -> {
                try {
                    return get("/health").statusCode() == 200;
                } catch (IOException | InterruptedException e) {
                    return false;
                }
            });
        }

        HttpRequest request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("x-api-key", KEY)
                    .timeout(Duration.ofSeconds(60)).build();
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
        }

        boolean accepts() {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException refused) {
                return false;
            }
        }

        /** Subscribes to {@code /v1/events}; returns once connected. */
        Events events() throws Exception {
            Events events = new Events();
            HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/events")).header("x-api-key", KEY).build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            CountDownLatch connected = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (Stream<String> lines = response.body()) {
                    lines.forEach(line -> {
                        if (line.startsWith(": connected")) {
                            connected.countDown();
                        } else if (line.startsWith("id: ")) {
                            events.ids.add(line.substring(4));
                        }
                    });
                } catch (RuntimeException closed) {
                    // the stream ended
                }
            }, "events-" + port);
            reader.setDaemon(true);
            reader.start();
            events.body = response.body();
            assertThat(connected.await(30, TimeUnit.SECONDS)).as("connected to the event stream").isTrue();
            return events;
        }
    }

    /** The event ids an event stream has pushed. */
    private static final class Events implements AutoCloseable {
        final List<String> ids = new CopyOnWriteArrayList<>();
        Stream<String> body;

        List<String> ids() {
            return List.copyOf(ids);
        }

        @Override
        public void close() {
            body.close();
        }
    }

    /** The image's ENTRYPOINT, as the JSON array the Dockerfile writes. */
    private static List<String> entrypoint() throws IOException {
        String line = Files.readAllLines(DOCKERFILE).stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no ENTRYPOINT in " + DOCKERFILE));
        List<String> args = new ArrayList<>();
        JSON.readTree(line.substring("ENTRYPOINT ".length())).forEach(n -> args.add(n.asText()));
        return args;
    }

    /** The image's ENV settings. */
    private static Map<String, String> dockerfileEnv() throws IOException {
        String text = Files.readString(DOCKERFILE).replaceAll("\\\\\\n\\s*", " ");
        Map<String, String> env = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("ENV ")) {
                for (String pair : line.substring(4).trim().split("\\s+")) {
                    String[] kv = pair.split("=", 2);
                    env.put(kv[0], kv[1]);
                }
            }
        }
        return env;
    }

    /**
     * A TCP proxy in front of S3 that can hold every answer back until released: a request of the service waits
     * there for as long as the test needs it in flight.
     */
    private static final class HeldProxy implements AutoCloseable {
        private final ServerSocket server;
        private final URI target;
        private final AtomicLong held = new AtomicLong();
        private volatile CountDownLatch gate = new CountDownLatch(1);
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        HeldProxy(URI target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "held-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        long held() {
            return held.get();
        }

        void hold() {
            gate = new CountDownLatch(1);
            held.set(0);
        }

        void release() {
            gate.countDown();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(target.getHost(), target.getPort());
                    sockets.add(client);
                    sockets.add(upstream);
                    pipe(client, upstream, false);
                    pipe(upstream, client, true);
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void pipe(Socket from, Socket to, boolean answers) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = from.getInputStream()) {
                    OutputStream out = to.getOutputStream();
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        if (answers && gate.getCount() > 0) {
                            held.incrementAndGet();
                            gate.await(60, TimeUnit.SECONDS);
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException closed) {
                    // a side went away
                } finally {
                    try {
                        to.shutdownOutput();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "held-proxy-pipe");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            gate.countDown();
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
