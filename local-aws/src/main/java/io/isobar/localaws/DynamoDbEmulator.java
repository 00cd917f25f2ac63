package io.isobar.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;

/**
 * The DynamoDB emulator: DynamoDB Local's request handling (one shared database for every client) served by a Jetty
 * server of ours, listening on the requested host only. DynamoDB Local's own server ({@code DynamoDBProxyServer})
 * listens on every interface and sends telemetry when it starts; its handlers, which we use, do neither.
 */
final class DynamoDbEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbEmulator.class);
    /** CORS origins DynamoDB Local allows by default. */
    private static final String CORS_ANY_ORIGIN = "*";

    private final Server server;
    private final ServerConnector connector;
    private final LocalDynamoDBRequestHandler requests;
    private final URI endpoint;

    private DynamoDbEmulator(Server server, ServerConnector connector, LocalDynamoDBRequestHandler requests, URI endpoint) {
        this.server = server;
        this.connector = connector;
        this.requests = requests;
        this.endpoint = endpoint;
    }

    static DynamoDbEmulator start(String host, int port, Path dataDir) {
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the DynamoDB Local data directory " + dataDir, e);
            }
        }
        LocalDynamoDBRequestHandler requests;
        try {
            // In memory or in dataDir; one database whatever the credentials and region of the client; table states
            // (CREATING, ...) not delayed.
            requests = new LocalDynamoDBRequestHandler(0, dataDir == null,
                    dataDir == null ? null : dataDir.toAbsolutePath().toString(), true, false);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local could not open its database"
                    + (dataDir == null ? "" : " in " + dataDir) + ": " + e.getMessage(), e);
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler();
        context.setHandler(new LocalDynamoDBServerHandler(requests, CORS_ANY_ORIGIN));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            requests.shutdown();
            throw new IllegalStateException("DynamoDB Local could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        URI endpoint = Endpoints.http(host, connector.getLocalPort());
        LOG.info("Local DynamoDB listening on {} ({})", endpoint, dataDir == null ? "in memory" : "persisting to " + dataDir);
        return new DynamoDbEmulator(server, connector, requests, endpoint);
    }

    URI endpoint() {
        return endpoint;
    }

    /** Stops listening and closes open connections, keeping the tables: clients see connections refused. */
    synchronized void stop() throws Exception {
        connector.stop();
        LOG.info("Local DynamoDB on {} stopped (data kept)", endpoint);
    }

    /** Listens again on the same port, serving the same tables. */
    synchronized void restart() throws Exception {
        if (!connector.isStarted()) {
            connector.setPort(endpoint.getPort());
            connector.start();
            LOG.info("Local DynamoDB listening on {} again", endpoint);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            // shutdown() only asks the databases' background jobs to finish: the shard-rollover scheduler keeps
            // sleeping (for minutes) on a non-daemon pool thread, which would keep the JVM alive. Stop them now.
            for (AmazonDynamoDBLocal database : DynamoDbLocalInternals.databases(requests)) {
                database.shutdownNow();
            }
            requests.shutdown();
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Ignoring failure to stop a DynamoDB Local server that never started", e);
        }
    }
}
