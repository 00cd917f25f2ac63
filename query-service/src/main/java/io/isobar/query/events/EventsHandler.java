package io.isobar.query.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.query.http.AccessLog;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Params;
import io.javalin.http.Context;

/**
 * {@code GET /v1/events}: a {@code text/event-stream} of {@code file} and {@code run} events from the {@link EventHub},
 * optionally filtered by {@code model} and {@code variable}, resuming after {@code Last-Event-ID}, with a comment line
 * as heartbeat. The request's thread writes the stream until the client goes away, is dropped for being slow, or the
 * stream reaches its lifetime ({@link EventHub.Settings#maxLifetime()}): then the server ends it and the client
 * reconnects with {@code Last-Event-ID}, its key checked again. An instance serves at most
 * {@link EventHub.Settings#maxClients()} streams, and one API key at most {@link EventHub.Settings#maxClientsPerKey()}.
 */
public final class EventsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);
    public static final Set<String> PARAMS = Set.of("model", "variable");

    private final EventHub hub;

    public EventsHandler(EventHub hub) {
        this.hub = hub;
    }

    public void stream(Context ctx) throws IOException {
        Params params = Params.of(ctx, PARAMS);
        String model = params.model("model").orElse(null);
        String variable = params.variable("variable").orElse(null);
        String keyId = String.valueOf((Object) ctx.attribute(AccessLog.KEY_ID_ATTRIBUTE));
        if (hub.clients() >= hub.settings().maxClients()) {
            // Each stream holds a server thread: past the cap, new streams wait rather than starve the API.
            throw new ApiProblem(503, "event-streams-full", "Too many event streams", "This instance already serves "
                    + hub.clients() + " event streams; retry shortly (another instance may have room)", Map.of("Retry-After", "5"));
        }
        if (hub.clients(keyId) >= hub.settings().maxClientsPerKey()) {
            // One key cannot hold every stream (and every thread they use): its others go on, a new one waits.
            throw new ApiProblem(429, "too-many-event-streams", "Too many event streams for this key", "This API key already"
                    + " has " + hub.settings().maxClientsPerKey() + " event streams open on this instance, the most one key"
                    + " may hold; close one, or retry later", Map.of("Retry-After", "30"));
        }
        String lastEventId = ctx.header("Last-Event-ID");
        EventHub.Connection connection = hub.connect(keyId, model, variable,
                lastEventId == null || lastEventId.isBlank() ? null : lastEventId);
        EventHub.Subscriber subscriber = connection.subscriber();
        subscriber.onDrop(() -> abort(ctx));
        ctx.status(200);
        ctx.res().setContentType("text/event-stream; charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-store");
        ctx.res().setHeader("X-Accel-Buffering", "no"); // proxies (nginx, ALB targets) must not buffer the stream
        Duration heartbeat = hub.settings().heartbeat();
        long endAt = System.nanoTime() + hub.settings().maxLifetime().toNanos();
        try (subscriber) {
            OutputStream out = ctx.res().getOutputStream();
            write(out, "retry: 2000\n: connected " + Instant.now() + "\n\n");
            for (LiveEvent e : connection.replay()) {
                write(out, e.sse());
            }
            while (!subscriber.dropped()) {
                long left = endAt - System.nanoTime();
                if (left <= 0) {
                    // The stream's lifetime is over: the client reconnects with Last-Event-ID (and its key is checked).
                    write(out, ": stream lifetime reached; reconnect with Last-Event-ID\n\n");
                    break;
                }
                LiveEvent e = subscriber.poll(heartbeat.toNanos() < left ? heartbeat : Duration.ofNanos(left));
                if (subscriber.dropped()) {
                    break;
                }
                if (e != null) {
                    write(out, e.sse());
                } else if (System.nanoTime() < endAt) {
                    write(out, ": heartbeat " + Instant.now() + "\n\n");
                }
            }
        } catch (IOException gone) {
            LOG.debug("An events client went away: {}", gone.toString());
        } catch (InterruptedException stopping) {
            // The service is stopping: end the stream; the client reconnects (with Last-Event-ID) elsewhere.
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Closes a slow client's connection, which also unblocks a write stuck on its full socket. */
    private static void abort(Context ctx) {
        try {
            ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint().close();
        } catch (RuntimeException e) {
            LOG.debug("closing a slow events client", e);
        }
    }
}
