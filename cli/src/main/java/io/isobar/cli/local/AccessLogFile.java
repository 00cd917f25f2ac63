package io.isobar.cli.local;

import java.nio.file.Path;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

import io.isobar.query.http.AccessLog;

/**
 * The local stack's access log: off on the console (a line per request scrolled the banner away), and written to a
 * file under the data directory when there is one, by a background thread so request threads never wait on the disk.
 */
public final class AccessLogFile {

    /** The file's name in the data directory. */
    public static final String NAME = "access.log";

    private AccessLogFile() {}

    /** Sends the service's access log ({@link AccessLog#LOGGER}) to {@code file}, appending. */
    public static void writeTo(Path file) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        Appender fileAppender = FileAppender.newBuilder().setName("access-file").withFileName(file.toString()).withAppend(true)
                .setLayout(PatternLayout.newBuilder().withPattern("%d{ISO8601}{UTC}Z %msg%n").withConfiguration(config).build())
                .setConfiguration(config).build();
        fileAppender.start();
        config.addAppender(fileAppender);
        Appender async = AsyncAppender.newBuilder().setName("access-async").setBufferSize(8192).setConfiguration(config)
                .setAppenderRefs(new AppenderRef[] {AppenderRef.createAppenderRef("access-file", null, null)}).build();
        async.start();
        config.addAppender(async);
        LoggerConfig logger = config.getLoggerConfig(AccessLog.LOGGER);
        if (!logger.getName().equals(AccessLog.LOGGER)) {
            logger = new LoggerConfig(AccessLog.LOGGER, Level.INFO, false);
            config.addLogger(AccessLog.LOGGER, logger);
        }
        logger.addAppender(async, Level.INFO, null);
        logger.setLevel(Level.INFO);
        context.updateLoggers();
    }
}
