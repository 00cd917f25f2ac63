package io.isobar.localaws;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.shared.jobs.JobsRegister;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DynamoDB emulator: DynamoDB Local's server, telemetry always off, one shared database for every client,
 * listening on the requested host only.
 */
final class DynamoDbEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbEmulator.class);
    private static final int PLACEHOLDER_PORT = 8000;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbEmulator(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static DynamoDbEmulator start(String host, int port, Path dataDir) {
        List<String> args = new ArrayList<>(List.of(
                // DynamoDB Local refuses port 0: any valid port here, the real one is set on the connector below.
                "-port", Integer.toString(port == 0 ? PLACEHOLDER_PORT : port),
                // Overrides DDB_LOCAL_TELEMETRY whatever its value: nothing may leave the machine.
                "-disableTelemetry",
                // One database whatever the credentials and region of the client.
                "-sharedDb"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the DynamoDB Local data directory " + dataDir, e);
            }
            args.add("-dbPath");
            args.add(dataDir.toAbsolutePath().toString());
        }
        DynamoDBProxyServer server;
        try {
            CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
            if (!input.init()) {
                throw new IllegalArgumentException("invalid option values");
            }
            // createServer(), unlike createServerFromCommandLineArgs(), prints no configuration banner to stdout.
            server = ServerRunner.createServer(input);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local rejected its arguments " + args + ": " + e.getMessage(), e);
        }
        Server jetty;
        try {
            jetty = jettyServer(server);
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw e;
        }
        // DynamoDB Local listens on every interface; pin its connector to the requested host before it binds.
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost(host);
                serverConnector.setPort(port);
            }
        }
        try {
            // safeStart(), unlike start(), reports a busy port instead of printing it, and emits no telemetry.
            server.safeStart();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("DynamoDB Local could not listen on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
        int boundPort = boundPort(jetty);
        URI endpoint = Endpoints.http(host, boundPort);
        LOG.info("Local DynamoDB listening on {} ({})", endpoint,
                dataDir == null ? "in memory" : "persisting to " + dataDir);
        return new DynamoDbEmulator(server, endpoint);
    }

    private static Server jettyServer(DynamoDBProxyServer server) {
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            return (Server) field.get(server);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("This DynamoDB Local has no Jetty 'server' field in DynamoDBProxyServer; "
                    + "local-aws was written for DynamoDBLocal 2.6.1", e);
        }
    }

    private static int boundPort(Server jetty) {
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof NetworkConnector network && network.getLocalPort() > 0) {
                return network.getLocalPort();
            }
        }
        throw new IllegalStateException("DynamoDB Local started but none of its connectors is listening");
    }

    URI endpoint() {
        return endpoint;
    }

    /** Stops listening and closes open connections, keeping the tables: clients see connections refused. */
    synchronized void stop() throws Exception {
        for (Connector connector : jettyServer(server).getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.stop();
            }
        }
        LOG.info("Local DynamoDB on {} stopped (data kept)", endpoint);
    }

    /** Listens again on the same port, serving the same tables. */
    synchronized void restart() throws Exception {
        boolean restarted = false;
        for (Connector connector : jettyServer(server).getConnectors()) {
            if (connector instanceof ServerConnector serverConnector && !serverConnector.isStarted()) {
                serverConnector.setPort(endpoint.getPort());
                serverConnector.start();
                restarted = true;
            }
        }
        if (restarted) {
            LOG.info("Local DynamoDB listening on {} again", endpoint);
        }
    }

    @Override
    public void close() throws Exception {
        // Found before stop(): stopping empties the handler maps that lead to them.
        List<JobsRegister> jobs = backgroundJobs(server);
        server.stop();
        // stop() only asks the background jobs to finish: the shard-rollover scheduler keeps sleeping (for
        // minutes) on a non-daemon pool thread, which would keep the JVM alive. Interrupt it.
        jobs.forEach(JobsRegister::shutdownNow);
    }

    /** The background job registers of the databases this server opened, found by reflection (best effort). */
    private static List<JobsRegister> backgroundJobs(DynamoDBProxyServer server) {
        List<JobsRegister> registers = new ArrayList<>();
        try {
            Object serverHandler = readField(server, "serverHandler");
            List<Object> requestHandlers = new ArrayList<>();
            requestHandlers.add(readField(serverHandler, "primaryHandler"));
            if (readField(serverHandler, "secondaryHandlers") instanceof Map<?, ?> secondary) {
                requestHandlers.addAll(secondary.values());
            }
            for (Object requestHandler : requestHandlers) {
                if (requestHandler != null && readField(requestHandler, "dbRequestHandlers") instanceof Map<?, ?> dbs) {
                    for (Object db : dbs.values()) {
                        registers.addAll(fieldsOfType(db, JobsRegister.class));
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Cannot reach DynamoDB Local's background jobs to stop them; a non-daemon thread may outlive close(): {}",
                    e.toString());
        }
        return registers;
    }

    private static Object readField(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // Look in the superclass.
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }

    private static <T> List<T> fieldsOfType(Object target, Class<T> wanted) throws IllegalAccessException {
        List<T> found = new ArrayList<>();
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (wanted.isAssignableFrom(field.getType()) && !Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    Object value = field.get(target);
                    if (value != null) {
                        found.add(wanted.cast(value));
                    }
                }
            }
        }
        return found;
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Ignoring failure to stop a DynamoDB Local that never started", e);
        }
    }
}
