package io.isobar.query.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.aws.AwsClients;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.query.IndexFixture;
import io.isobar.query.live.LiveHttp;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The files stream reader rides out DynamoDB Streams throttling: the shard's reads are refused (as when more readers
 * than the shard allows ask), it backs off and reads again, and no file is lost and the reader never stops.
 */
@ExtendWith(LocalAwsExtension.class)
class FilesStreamITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void throttledReadsBackOffAndEveryFileStillArrives(LocalAws aws) throws Exception {
        try (IndexFixture index = new IndexFixture(aws, "stream-throttle")) {
            for (int h = 1; h <= 3; h++) {
                index.put(IndexFixture.file("ukv", "air_temperature", "2025-06-14T00:00:00Z",
                        "2025-06-14T0" + h + ":00:00Z", "throttled-" + h));
            }
            AtomicInteger reads = new AtomicInteger();
            DynamoDbStreamsClient throttled = DynamoDbStreamsClient.builder()
                    .region(software.amazon.awssdk.regions.Region.of(index.aws().region()))
                    .credentialsProvider(AwsClients.credentials(index.aws()))
                    .endpointOverride(index.aws().dynamoDbEndpoint().orElseThrow())
                    .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)).addExecutionInterceptor(new ExecutionInterceptor() {
                        @Override
                        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                            if ("GetRecords".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                                    && reads.incrementAndGet() <= 3) {
                                throw LimitExceededException.builder().message("Rate exceeded for shard (test)").build();
                            }
                        }
                    }))
                    .build();
            List<ForecastFile> seen = new CopyOnWriteArrayList<>();
            try (FilesStream stream = new FilesStream(index.dynamoDb(), throttled, index.tables().files(), Duration.ofMillis(100),
                    List.of((file, live) -> seen.add(file)))) {
                stream.start();
                LiveHttp.await("every file after the throttled reads", WAIT, () -> seen.size() == 3);
                LiveHttp.await("caught up", WAIT, stream::caughtUp);
            }
            assertThat(reads.get()).as("GetRecords calls: three refused, then read again").isGreaterThan(3);
            assertThat(seen).extracting(ForecastFile::objectId).containsExactly("throttled-1", "throttled-2", "throttled-3");
        }
    }
}
