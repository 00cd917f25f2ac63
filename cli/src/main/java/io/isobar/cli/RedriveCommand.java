package io.isobar.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.isobar.aws.AwsClients;
import io.isobar.cli.ops.Redriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code isobar redrive}: moves the dead-letter queue's messages back to the ingest queue. */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Moves the dead-letter queue's messages back to the ingest queue, for the job to try again.",
                "Each batch is sent to the ingest queue first and deleted from the dead-letter queue only",
                "once sent: nothing is lost; a failure half-way leaves a duplicate, which the job de-duplicates.",
                "Run it once the cause is fixed (docs/operations.md). Exit code 1 if a message could not be moved."})
public final class RedriveCommand implements Callable<Integer> {

    @Mixin
    QueueOption queue;

    @Option(names = "--dlq", paramLabel = "NAME|URL",
            description = "The dead-letter queue (default: the one the ingest queue's redrive policy names).")
    String deadLetterQueue;

    @Option(names = "--max", defaultValue = "0", description = "Move at most this many messages (default: all).")
    long max;

    @Option(names = "--dry-run", description = "Only report how many messages wait in the dead-letter queue.")
    boolean dryRun;

    @Mixin
    CommandOptions options;

    @Override
    public Integer call() {
        PrintWriter out = options.out();
        try (SqsClient sqs = AwsClients.sqs(options.aws().settings())) {
            Redriver redriver = new Redriver(sqs, out);
            String queueUrl = queue.url(sqs);
            String dlqUrl = deadLetterQueue != null ? QueueOption.queueUrl(sqs, deadLetterQueue) : redriver.deadLetterQueueOf(queueUrl);
            long waiting = redriver.depth(dlqUrl);
            out.println("isobar redrive: " + dlqUrl + " -> " + queueUrl + ": about " + waiting + " message(s) waiting");
            if (dryRun) {
                out.println("dry run: nothing moved");
                return 0;
            }
            Redriver.Report report = redriver.redrive(dlqUrl, queueUrl, max);
            out.printf("moved %d message(s); %d refused by the ingest queue (left in the dead-letter queue); "
                    + "%d moved but not deleted (now in both queues); about %d left in the dead-letter queue%n",
                    report.moved(), report.sendFailed(), report.deleteFailed(), redriver.depth(dlqUrl));
            return report.sendFailed() + report.deleteFailed() == 0 ? 0 : 1;
        }
    }
}
