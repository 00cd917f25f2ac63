package io.isobar.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.isobar.aws.AwsSettings;
import io.isobar.cli.IsobarCommand;

/**
 * {@code isobar local --data-dir DIR} as a child JVM on fixed free ports, for crash tests and the chaos benchmark:
 * {@link #kill()} is a real {@code kill -9} (no shutdown hook, nothing flushed), and a new {@link #start} on the same
 * directory and ports is a restart. The child runs this JVM's class path and {@code --add-opens} flags.
 */
public final class LocalProcess implements AutoCloseable {

    /** Printed by {@code isobar local} once everything is up. */
    private static final String BANNER = "Isobar is running locally";

    /** The child's ports; the same ones on every restart, so clients keep working. */
    public record Ports(int api, int flinkUi, int s3, int sqs, int dynamoDb) {
        /** Five free loopback ports. */
        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort(), freePort());
        }

        public AwsSettings awsSettings() {
            return AwsSettings.local(LocalDefaults.endpoint(s3), LocalDefaults.endpoint(sqs), LocalDefaults.endpoint(dynamoDb));
        }

        public String queueUrl() {
            return LocalDefaults.queueUrl(LocalDefaults.endpoint(sqs), LocalDefaults.QUEUE);
        }

        public URI apiEndpoint() {
            return LocalDefaults.endpoint(api);
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Process process;
    private final Path log;

    private LocalProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code isobar local --data-dir dataDir} with {@code extraArgs} (e.g. {@code --no-simulator}) and waits up
     * to {@code timeout} for it to be up; its output is appended to {@code log}.
     */
    public static LocalProcess start(Path dataDir, Ports ports, String apiKey, List<String> extraArgs, Path log, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // The same --add-opens the launcher gives (Flink and Pekko need them on Java 17).
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-opens")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IsobarCommand.class.getName(), "local",
                "--data-dir", dataDir.toString(), "--api-key", apiKey,
                "--api-port", Integer.toString(ports.api()), "--flink-ui-port", Integer.toString(ports.flinkUi()),
                "--s3-port", Integer.toString(ports.s3()), "--sqs-port", Integer.toString(ports.sqs()),
                "--dynamodb-port", Integer.toString(ports.dynamoDb())));
        command.addAll(extraArgs);
        Files.createDirectories(log.toAbsolutePath().getParent());
        long offset = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DDB_LOCAL_TELEMETRY", "0");
        LocalProcess child = new LocalProcess(builder.start(), log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!child.logSince(offset).contains(BANNER)) {
            if (!child.process.isAlive()) {
                throw new IllegalStateException("isobar local exited with " + child.process.exitValue() + " before it was up; see " + log);
            }
            if (System.nanoTime() > deadline) {
                child.kill();
                throw new IllegalStateException("isobar local was not up within " + timeout + "; see " + log);
            }
            Thread.sleep(200);
        }
        return child;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends an outage command ({@link LocalControl}: {@code stop s3}, {@code restart dynamodb}, ...) to a child started
     * with {@code --control-stdin} and waits up to {@code timeout} for it to be done.
     *
     * @throws IllegalStateException if the child answers with an error, or not in time
     */
    public void control(String command, Duration timeout) throws IOException, InterruptedException {
        long offset = Files.size(log);
        process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        String ok = LocalControl.ANSWER + "ok " + command;
        String error = LocalControl.ANSWER + "error " + command;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String since = logSince(offset);
            if (since.contains(ok)) {
                return;
            }
            int at = since.indexOf(error);
            if (at >= 0) {
                int end = since.indexOf('\n', at);
                throw new IllegalStateException(since.substring(at, end < 0 ? since.length() : end).strip());
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("isobar local did not carry out '" + command + "' within " + timeout + "; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** {@code kill -9}: SIGKILL, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("isobar local (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** Ctrl-C: SIGTERM, the shutdown hook closes everything; SIGKILL if it takes over a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private String logSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            return offset >= all.length ? "" : new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
