package io.isobar.cli.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.isobar.localaws.LocalAws;

/**
 * Outage drills for a running {@code isobar local}: commands, one per line, that stop an emulator as in an outage
 * (its port refuses connections, its data stays) and start it again on the same port. Read from standard input when
 * {@code isobar local} runs with the hidden {@code --control-stdin} option; the chaos benchmark drives its child
 * system this way ({@link LocalProcess#control}). Only the parent of the process can write to its standard input, so
 * this opens nothing to the network.
 *
 * <p>Commands: {@code stop s3}, {@code restart s3}, {@code stop dynamodb}, {@code restart dynamodb}. Each is answered
 * on standard output with {@code isobar-control: ok <command>} once done, or {@code isobar-control: error <command>:
 * <reason>}.
 */
public final class LocalControl {

    /** The start of every answer line. */
    public static final String ANSWER = "isobar-control: ";

    private LocalControl() {
    }

    /** Carries out one command on {@code aws} and returns its answer line. */
    public static String apply(LocalAws aws, String line) {
        String command = line.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        try {
            switch (command) {
                case "stop s3" -> aws.stopS3();
                case "restart s3" -> aws.restartS3();
                case "stop dynamodb" -> aws.stopDynamoDb();
                case "restart dynamodb" -> aws.restartDynamoDb();
                default -> {
                    return ANSWER + "error " + command + ": unknown command (stop|restart s3|dynamodb)";
                }
            }
            return ANSWER + "ok " + command;
        } catch (RuntimeException e) {
            return ANSWER + "error " + command + ": " + e.getMessage();
        }
    }

    /** Reads commands from {@code in} in a daemon thread until it ends, answering each on {@code out}. */
    public static Thread watch(InputStream in, PrintStream out, LocalAws aws) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) {
                        out.println(apply(aws, line));
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // the parent went away: nothing more to do
            }
        }, "isobar-local-control");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
