package io.isobar.localaws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.http.scaladsl.Http;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.Option;
import scala.collection.immutable.Nil$;
import scala.concurrent.Await;
import scalikejdbc.ConnectionPool$;

/**
 * The SQS emulator: an ElasticMQ REST server on its own Pekko actor system, in memory or, with a directory, with
 * queues and messages kept in an H2 database there (ElasticMQ's own SQL message store, as its stand-alone server
 * wires it when {@code messages-storage} is enabled).
 */
final class SqsEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEmulator.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    /** ElasticMQ's SQL store uses scalikejdbc's JVM-wide default connection pool: one persistent emulator at a time. */
    private static final Object STORE_LOCK = new Object();
    private static Path storeInUse;

    private final SQSRestServer server;
    private final ActorSystem actorSystem;
    private final Path storeDir;
    private final URI endpoint;

    private SqsEmulator(SQSRestServer server, ActorSystem actorSystem, Path storeDir, URI endpoint) {
        this.server = server;
        this.actorSystem = actorSystem;
        this.storeDir = storeDir;
        this.endpoint = endpoint;
    }

    static SqsEmulator start(String host, int port, String region, String accountId) {
        return start(host, port, region, accountId, null);
    }

    /**
     * Starts ElasticMQ; with {@code storeDir}, restores the queues and messages stored there before it returns and
     * stores every change (a send, a receive, a visibility change, a delete) before answering the request.
     */
    static SqsEmulator start(String host, int port, String region, String accountId, Path storeDir) {
        if (storeDir == null) {
            SQSRestServer server = SQSRestServerBuilder
                    .withInterface(host).withPort(port).withAWSRegion(region).withAWSAccountId(accountId)
                    .start();
            URI endpoint = waitUntilStarted(server, host, port, null);
            LOG.info("Local SQS listening on {} (in memory)", endpoint);
            return new SqsEmulator(server, null, null, endpoint);
        }
        claimStore(storeDir);
        ActorSystem system = null;
        try {
            Files.createDirectories(storeDir);
            // WRITE_DELAY=0: H2 writes each commit at once, so a kill -9 right after a send keeps the message.
            String uri = "jdbc:h2:file:" + storeDir.toAbsolutePath().resolve("messages") + ";WRITE_DELAY=0";
            // ElasticMQ initialises the pool only once per JVM; setting it here points it at this directory.
            ConnectionPool$ pools = ConnectionPool$.MODULE$;
            pools.singleton(uri, "", "", pools.singleton$default$4(), pools.singleton$default$5(uri, "", "", pools.singleton$default$4()));
            system = ActorSystem.create("elasticmq-local");
            SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", uri, "", "", false);
            ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class, config, Nil$.MODULE$));
            ActorRef queues = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
                    StrictSQSLimits$.MODULE$, Option.apply(store)));
            Object restored = Patterns.ask(store, new QueueEvent.Restore(queues), RESTORE_TIMEOUT)
                    .toCompletableFuture().get(RESTORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (restored instanceof scala.util.Left<?, ?> errors) {
                throw new IllegalStateException("Local SQS could not restore its queues from " + storeDir + ": " + errors.value());
            }
            SQSRestServer server = SQSRestServerBuilder.withActorSystem(system).withQueueManagerActor(queues)
                    .withQueueEventListener(store)
                    .withInterface(host).withPort(port).withAWSRegion(region).withAWSAccountId(accountId)
                    .start();
            URI endpoint = waitUntilStarted(server, host, port, system);
            LOG.info("Local SQS listening on {} (queues and messages kept in {})", endpoint, storeDir);
            return new SqsEmulator(server, system, storeDir, endpoint);
        } catch (Exception e) {
            if (system != null) {
                terminate(system);
            }
            releaseStore(storeDir);
            if (e instanceof IllegalStateException state) {
                throw state;
            }
            throw new IllegalStateException("Local SQS (ElasticMQ) could not start with its store in " + storeDir + ": " + e, e);
        }
    }

    private static URI waitUntilStarted(SQSRestServer server, String host, int port, ActorSystem system) {
        Http.ServerBinding binding;
        try {
            binding = server.waitUntilStarted();
        } catch (RuntimeException e) {
            stopQuietly(server);
            if (system != null) {
                terminate(system);
            }
            throw new IllegalStateException("Local SQS (ElasticMQ) could not listen on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
        return Endpoints.http(host, binding.localAddress().getPort());
    }

    URI endpoint() {
        return endpoint;
    }

    /** Unbinds, terminates the actor system (its dispatcher threads are not daemons) and closes the message store. */
    @Override
    public void close() {
        server.stopAndWait();
        if (actorSystem != null) {
            terminate(actorSystem);
            releaseStore(storeDir);
        }
    }

    private static void claimStore(Path dir) {
        synchronized (STORE_LOCK) {
            if (storeInUse != null) {
                throw new IllegalStateException("Local SQS: only one emulator per JVM can keep its messages on disk (ElasticMQ's"
                        + " SQL store is JVM-wide); " + storeInUse + " is in use, " + dir + " was asked for");
            }
            storeInUse = dir;
        }
    }

    private static void releaseStore(Path dir) {
        synchronized (STORE_LOCK) {
            if (dir != null && dir.equals(storeInUse)) {
                // Closing the pool closes H2's last connection, which writes and unlocks the database file.
                ConnectionPool$.MODULE$.closeAll();
                storeInUse = null;
            }
        }
    }

    private static void terminate(ActorSystem system) {
        try {
            Await.result(system.terminate(), scala.concurrent.duration.Duration.create(20, TimeUnit.SECONDS));
        } catch (Exception e) {
            LOG.warn("Local SQS actor system did not terminate: {}", e.toString());
        }
    }

    private static void stopQuietly(SQSRestServer server) {
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            LOG.debug("Ignoring failure to stop a local SQS that never started", e);
        }
    }
}
