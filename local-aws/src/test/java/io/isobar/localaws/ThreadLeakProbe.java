package io.isobar.localaws;

import com.amazonaws.services.dynamodbv2.local.monitoring.Telemetry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Run in a fresh JVM by {@link LocalAwsLifecycleITCase}: starts, uses and closes a {@link LocalAws} (and fails one
 * start on a taken port), then returns from main. The JVM exits only if nothing left a non-daemon thread behind.
 * Exit status 2 and a thread dump on stdout when threads survive the grace period; 3 if DynamoDB Local's
 * telemetry is on.
 */
public final class ThreadLeakProbe {

    private static final Duration GRACE = Duration.ofSeconds(60);

    private ThreadLeakProbe() {
    }

    public static void main(String[] args) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalAws.builder().dynamoDbPort(taken.getLocalPort()).start().close();
            throw new AssertionError("start on a taken port should fail");
        } catch (IllegalStateException expected) {
            System.out.println("failed start as expected: " + expected.getMessage());
        }

        LocalAws aws = LocalAws.builder().start();
        // The parent test sets DDB_LOCAL_TELEMETRY=1: -disableTelemetry must win over it.
        if (Telemetry.getTelemetry().isPresent()) {
            System.out.println("TELEMETRY ENABLED (DDB_LOCAL_TELEMETRY=" + System.getenv("DDB_LOCAL_TELEMETRY") + ")");
            System.exit(3);
        }
        System.out.println("telemetry off with DDB_LOCAL_TELEMETRY=" + System.getenv("DDB_LOCAL_TELEMETRY"));
        // Use each emulator, so lazily started threads (DynamoDB Local's job pool, its SQLite queue) exist too.
        try (S3Client s3 = TestClients.s3(aws); SqsClient sqs = TestClients.sqs(aws);
             DynamoDbClient dynamoDb = TestClients.dynamoDb(aws)) {
            String bucket = LocalAws.uniqueName("threads");
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
            String queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("threads"))).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("m"));
            sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1));
            String table = LocalAws.uniqueName("threads");
            dynamoDb.createTable(b -> b.tableName(table)
                    .billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
            dynamoDb.putItem(b -> b.tableName(table).item(Map.of("pk", LocalDynamoDbITCase.s("p"))));
        }
        System.out.println("non-daemon threads while open: " + newNonDaemonThreads(before).size());

        Instant closing = Instant.now();
        aws.close();
        System.out.println("close() took " + Duration.between(closing, Instant.now()).toMillis() + " ms");

        Instant deadline = Instant.now().plus(GRACE);
        Map<Thread, StackTraceElement[]> survivors = newNonDaemonThreads(before);
        while (!survivors.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            survivors = newNonDaemonThreads(before);
        }
        if (!survivors.isEmpty()) {
            System.out.println("SURVIVORS " + GRACE + " after close():\n" + describe(survivors));
            System.exit(2);
        }
        System.out.println("no non-daemon thread left; returning from main");
    }

    private static Map<Thread, StackTraceElement[]> newNonDaemonThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> !before.contains(e.getKey()) && !e.getKey().isDaemon() && e.getKey().isAlive())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String describe(Map<Thread, StackTraceElement[]> threads) {
        return threads.entrySet().stream()
                .map(e -> e.getKey().getName() + " (" + e.getKey().getState() + ")\n" + Arrays.stream(e.getValue())
                        .limit(15).map(frame -> "    at " + frame).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }
}
