package io.isobar.localaws;

import java.net.URI;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SQS emulator: an ElasticMQ REST server (in memory) on its own Pekko actor system. */
final class SqsEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEmulator.class);

    private final SQSRestServer server;
    private final URI endpoint;

    private SqsEmulator(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static SqsEmulator start(String host, int port, String region, String accountId) {
        SQSRestServer server = SQSRestServerBuilder
                .withInterface(host)
                .withPort(port)
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        Http.ServerBinding binding;
        try {
            binding = server.waitUntilStarted();
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw new IllegalStateException("Local SQS (ElasticMQ) could not listen on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
        URI endpoint = Endpoints.http(host, binding.localAddress().getPort());
        LOG.info("Local SQS listening on {} (in memory)", endpoint);
        return new SqsEmulator(server, endpoint);
    }

    URI endpoint() {
        return endpoint;
    }

    /** Unbinds and terminates the actor system the builder created (its dispatcher threads are not daemons). */
    @Override
    public void close() {
        server.stopAndWait();
    }

    private static void stopQuietly(SQSRestServer server) {
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            LOG.debug("Ignoring failure to stop a local SQS that never started", e);
        }
    }
}
