package io.isobar.localaws;

import com.robothy.netty.http.HttpRequest;
import com.robothy.netty.initializer.HttpServerInitializer;
import com.robothy.netty.router.Router;
import com.robothy.s3.rest.handler.LocalS3RouterFactory;
import com.robothy.s3.rest.service.ServiceFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 emulator: local-s3's request handling served by a Netty server bound to the requested host only.
 *
 * <p>{@code LocalS3.start()} binds every network interface and registers a JVM shutdown hook per instance
 * (which pins in-memory data until the JVM exits), so we assemble local-s3's services from its public parts
 * ({@link LocalS3Services}) and serve them from our own loopback-bound server instead.
 */
final class LocalS3Emulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalS3Emulator.class);
    private static final long SHUTDOWN_QUIET_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 3_000;
    private static final long REBIND_TIMEOUT_MILLIS = 10_000;
    private static final long REBIND_PAUSE_MILLIS = 50;

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final EventExecutorGroup handlers;
    private final ServerBootstrap bootstrap;
    private final String host;
    private final int boundPort;
    private volatile Channel serverChannel;
    private final ChannelGroup connections;
    private final URI endpoint;

    private LocalS3Emulator(EventLoopGroup acceptors, EventLoopGroup workers, EventExecutorGroup handlers,
                            ServerBootstrap bootstrap, String host, int boundPort, Channel serverChannel,
                            ChannelGroup connections, URI endpoint) {
        this.acceptors = acceptors;
        this.workers = workers;
        this.handlers = handlers;
        this.bootstrap = bootstrap;
        this.host = host;
        this.boundPort = boundPort;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.endpoint = endpoint;
    }

    static LocalS3Emulator start(String host, int port, Path dataDir) {
        ServiceFactory services = LocalS3Services.create(dataDir);
        // Daemon threads: a forgotten close() must not keep a CLI or test JVM alive.
        EventLoopGroup acceptors = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("local-s3-accept", true), NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(
                2, new DefaultThreadFactory("local-s3-io", true), NioIoHandler.newFactory());
        EventExecutorGroup handlers = new DefaultEventExecutorGroup(4, new DefaultThreadFactory("local-s3-handler", true));
        ChannelGroup connections = new DefaultChannelGroup("local-s3-connections", acceptors.next());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new TrackingHttpServerInitializer(handlers, LocalS3RouterFactory.create(services), connections));
            Channel channel = bootstrap.bind(host, port).sync().channel();
            int boundPort = ((InetSocketAddress) channel.localAddress()).getPort();
            URI endpoint = Endpoints.http(host, boundPort);
            LOG.info("Local S3 listening on {} ({})", endpoint,
                    dataDir == null ? "in memory" : "persisting to " + dataDir);
            return new LocalS3Emulator(acceptors, workers, handlers, bootstrap, host, boundPort, channel, connections,
                    endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdown(acceptors, workers, handlers);
            throw new IllegalStateException("Interrupted while starting local S3 on " + host + ":" + port, e);
        } catch (Exception e) {
            // Netty rethrows the bind failure (a checked BindException) from sync() undeclared.
            shutdown(acceptors, workers, handlers);
            throw new IllegalStateException("Local S3 could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * local-s3's pipeline, with every connection tracked (so close() can close them before stopping the threads
     * they run on), a first handler that closes connections whose client went away instead of letting local-s3
     * print a stack trace for every "Connection reset" (clients drop pooled connections when closed), and one that
     * releases each request's body once local-s3 has handled it.
     */
    private static final class TrackingHttpServerInitializer extends HttpServerInitializer {
        private final ChannelGroup connections;
        private final EventExecutorGroup handlers;

        TrackingHttpServerInitializer(EventExecutorGroup handlers, Router router, ChannelGroup connections) {
            super(handlers, router);
            this.handlers = handlers;
            this.connections = connections;
        }

        @Override
        protected void initChannel(SocketChannel channel) throws Exception {
            connections.add(channel);
            super.initChannel(channel);
            // local-s3's decoder keeps every request body in a retained composite buffer and its message handler (a
            // SimpleChannelInboundHandler) releases only the request object, which is not reference-counted: each
            // upload's bytes leaked (Netty's "LEAK: ByteBuf.release() was not called", and memory that grew with
            // every file published). Release the body after the handler, on the same executor, so it runs once
            // the request has been answered.
            channel.pipeline().addBefore(handlers, "router-http-message-handler", "release-request-body",
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext context, Object message) {
                            ByteBuf body = message instanceof HttpRequest request ? request.getBody() : null;
                            try {
                                context.fireChannelRead(message);
                            } finally {
                                if (body != null && body.refCnt() > 0) {
                                    body.release();
                                }
                            }
                        }
                    });
            channel.pipeline().addFirst("close-on-io-error", new ChannelInboundHandlerAdapter() {
                @Override
                public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                    if (cause instanceof IOException) {
                        LOG.debug("Local S3 connection from {} failed: {}", context.channel().remoteAddress(), cause.toString());
                        context.close();
                    } else {
                        context.fireExceptionCaught(cause);
                    }
                }
            });
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** Stops listening and drops every open connection, keeping the data: clients see connections refused. */
    synchronized void stop() {
        serverChannel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        connections.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        LOG.info("Local S3 on {} stopped (data kept)", endpoint);
    }

    /** Listens again on the same port, serving the same data. */
    synchronized void restart() {
        if (serverChannel.isOpen()) {
            return;
        }
        // Closing a server channel registered with a selector only releases its port once the event loop next
        // deregisters the key (the JDK defers the socket's close until then), so a restart straight after a stop can
        // find the port still held for a moment: try again until a deadline instead of failing the drill.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REBIND_TIMEOUT_MILLIS);
        while (true) {
            try {
                serverChannel = bootstrap.bind(host, boundPort).sync().channel();
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while restarting local S3 on " + endpoint, e);
            } catch (Exception e) {
                if (!(e instanceof BindException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Local S3 could not listen on " + endpoint + " again: " + e.getMessage(), e);
                }
                LOG.debug("Local S3 port {} not free yet, trying again: {}", boundPort, e.getMessage());
                try {
                    Thread.sleep(REBIND_PAUSE_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while restarting local S3 on " + endpoint, interrupted);
                }
            }
        }
        LOG.info("Local S3 listening on {} again", endpoint);
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        // Open keep-alive connections first: their close events need the threads stopped below.
        connections.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        shutdown(handlers, workers, acceptors);
    }

    private static void shutdown(EventExecutorGroup... groups) {
        for (EventExecutorGroup group : groups) {
            group.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
        for (EventExecutorGroup group : groups) {
            if (!group.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS + 1_000)) {
                LOG.warn("Local S3 threads of {} did not stop in time", group);
            }
        }
    }
}
