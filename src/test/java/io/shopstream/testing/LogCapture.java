package io.shopstream.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** Captures what one logger category writes, formatted and with its MDC, for assertions on log lines. */
public final class LogCapture extends Handler implements AutoCloseable {

    public record Line(Level level, String message, String correlationId) {
    }

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture(String category) {
        this.logger = Logger.getLogger(category);
        logger.addHandler(this);
    }

    public static LogCapture of(Class<?> category) {
        return new LogCapture(category.getName());
    }

    /** Everything logged in the JVM (the root category). */
    public static LogCapture all() {
        return new LogCapture("");
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            lines.add(new Line(record.getLevel(), ext.getFormattedMessage(), ext.getMdc("correlationId")));
        } else {
            lines.add(new Line(record.getLevel(), record.getMessage(), null));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
