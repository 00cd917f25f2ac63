package io.isobar.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.isobar.localaws.LocalAws;

/**
 * The emulated S3 and DynamoDB Local in a JVM of their own, so that their garbage (local-s3 copies the whole object
 * for every ranged GET) does not pause the service being measured, as it would not on AWS.
 */
record Emulators(Process process, URI s3, URI dynamoDb) implements AutoCloseable {

    /** Starts the child JVM (this class's {@link #main}, on this JVM's class path) and waits for its endpoints. */
    static Emulators start() throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        // ISOBAR_EMULATOR_JAVA_OPTS reaches this JVM as ISOBAR_JAVA_OPTS reaches the benchmark's (e.g. a JFR recording).
        String extra = System.getenv("ISOBAR_EMULATOR_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Emulators.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DDB_LOCAL_TELEMETRY", "0");
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        URI s3 = null;
        URI dynamoDb = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("S3 ")) {
                s3 = URI.create(line.substring(3).trim());
            } else if (line.startsWith("DYNAMODB ")) {
                dynamoDb = URI.create(line.substring(9).trim());
            } else if (line.equals("READY")) {
                break;
            }
        }
        if (s3 == null || dynamoDb == null) {
            process.destroyForcibly();
            throw new IOException("The emulator process ended before it was ready");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "emulator-output");
        drain.setDaemon(true);
        drain.start();
        return new Emulators(process, s3, dynamoDb);
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close(); // the emulator process stops when its stdin closes
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The child process: starts the emulators, prints their endpoints, runs until stdin closes. */
    public static void main(String[] args) throws IOException {
        try (LocalAws localAws = LocalAws.builder().start()) {
            System.out.println("S3 " + localAws.s3Endpoint());
            System.out.println("DYNAMODB " + localAws.dynamoDbEndpoint());
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
        System.exit(0); // DynamoDB Local leaves a non-daemon thread behind
    }
}
