package io.isobar.job.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.isobar.aws.AwsSettings;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The index sinks' client gives up on a write when its retry budget is spent, however the endpoint fails: a
 * black-holed endpoint (connections accepted, never answered) ends the call with the whole-call timeout, not after
 * one 30 s attempt timeout per retry.
 */
class PatientClientProviderTest {

    @Test
    void aBlackHoledEndpointEndsTheCallWhenTheBudgetIsSpent() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!blackHole.isClosed()) {
                    try {
                        held.add(blackHole.accept()); // read nothing, answer nothing
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
            URI endpoint = URI.create("http://127.0.0.1:" + blackHole.getLocalPort());
            AwsSettings aws = AwsSettings.local(endpoint, endpoint, endpoint);

            Throwable failure;
            try (IndexSinks.PatientClientProvider provider = new IndexSinks.PatientClientProvider(aws, Duration.ofSeconds(2))) {
                failure = catchThrowable(() -> provider.getClient().putItem(b -> b.tableName("t")
                        .item(Map.of("pk", AttributeValue.fromS("k")))).join());
            }

            assertThat(held).as("the request reached the endpoint").isNotEmpty();
            assertThat(failure).isInstanceOf(CompletionException.class);
            // An attempt timeout (30 s) would have been retried; the budget ends the whole call.
            assertThat(failure.getCause()).isInstanceOf(ApiCallTimeoutException.class);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
