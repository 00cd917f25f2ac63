package io.isobar.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalAwsLifecycleITCase {

    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(180);

    /**
     * In a fresh JVM, so the shared emulators other test classes keep running cannot blur the picture: the probe
     * starts, uses and closes a LocalAws and returns from main; the JVM must then exit by itself. The probe also
     * checks DynamoDB Local's telemetry stays off although its environment asks for it.
     */
    @Test
    void closeLeavesNoNonDaemonThreadSoTheJvmExits() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ThreadLeakProbe.class.getName())
                .redirectErrorStream(true);
        builder.environment().put("DDB_LOCAL_TELEMETRY", "1");
        Process probe = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read the probe's output: " + e + ")";
            }
        });
        boolean exited = probe.waitFor(PROBE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            probe.destroyForcibly().waitFor();
        }
        String log = output.get(30, TimeUnit.SECONDS);
        assertThat(exited).as("the probe JVM did not exit within %s; its output:%n%s", PROBE_DEADLINE, log).isTrue();
        assertThat(probe.exitValue()).as("probe exit status; its output:%n%s", log).isZero();
        assertThat(log).contains("telemetry off with DDB_LOCAL_TELEMETRY=1").contains("no non-daemon thread left");
    }

    @Test
    void closedEmulatorsRefuseConnections() {
        LocalAws aws = LocalAws.builder().start();
        aws.close();
        assertRefusesConnections(aws.s3Endpoint());
        assertRefusesConnections(aws.sqsEndpoint());
        assertRefusesConnections(aws.dynamoDbEndpoint());
    }

    @Test
    void listensOnLoopbackOnlyAndSendsNoTelemetry() throws Exception {
        try (LocalAws aws = LocalAws.builder().start()) {
            for (URI endpoint : List.of(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint())) {
                assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
                InetAddress other = nonLoopbackAddress();
                if (other != null) {
                    assertThatThrownBy(() -> connect(new InetSocketAddress(other, endpoint.getPort())))
                            .as("%s must not be reachable on %s", endpoint, other)
                            .isInstanceOf(IOException.class);
                }
            }
        }
        // DynamoDB Local only writes its telemetry metadata file when telemetry is on.
        assertThat(Path.of(System.getProperty("user.dir"), "dynamodb-local-metadata.json")).doesNotExist();
    }

    @Test
    void aTakenPortFailsTheStartNamingTheEmulator() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalAws.builder().dynamoDbPort(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DynamoDB Local could not listen on 127.0.0.1:" + taken.getLocalPort());
            assertThatThrownBy(() -> LocalAws.builder().s3Port(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Local S3 could not listen on 127.0.0.1:" + taken.getLocalPort());
            assertThatThrownBy(() -> LocalAws.builder().sqsPort(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Local SQS (ElasticMQ) could not listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        LocalAws aws = LocalAws.builder().start();
        aws.close();
        aws.close();
    }

    @Test
    void rejectsInvalidPorts() {
        assertThatThrownBy(() -> LocalAws.builder().s3Port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalAws.builder().sqsPort(65_536)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefusesConnections(URI endpoint) {
        assertThatThrownBy(() -> connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort())))
                .as("%s should be closed", endpoint)
                .isInstanceOf(IOException.class);
    }

    private static void connect(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2_000);
        }
    }

    /** An IPv4 address of this machine that is not loopback, or null if it has none. */
    private static InetAddress nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElse(null);
    }
}
