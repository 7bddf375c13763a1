package io.shopstream.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any test during which Vert.x reported a blocked event-loop or worker thread: the JVM counterpart of
 * asyncio's debug mode. Registered for every test through JUnit's extension auto-detection (see the Surefire
 * configuration in pom.xml and META-INF/services).
 */
public class BlockedEventLoopGuard implements BeforeEachCallback, AfterEachCallback {

    static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";
    private static final Queue<String> REPORTS = new ConcurrentLinkedQueue<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && message.contains("has been blocked for")) {
                REPORTS.add(message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void beforeEach(ExtensionContext context) {
        attach();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        attach();
        List<String> reports = drain();
        if (!reports.isEmpty()) {
            throw new AssertionError("Vert.x reported a blocked thread during " + context.getDisplayName() + ": "
                    + String.join("; ", reports));
        }
    }

    /** Quarkus reconfigures logging when an application starts, so the handler is re-attached when missing. */
    static void attach() {
        Logger logger = Logger.getLogger(CHECKER_LOGGER);
        for (Handler handler : logger.getHandlers()) {
            if (handler == CAPTURE) {
                return;
            }
        }
        logger.addHandler(CAPTURE);
    }

    static List<String> drain() {
        List<String> reports = new ArrayList<>();
        for (String report; (report = REPORTS.poll()) != null;) {
            reports.add(report);
        }
        return reports;
    }
}
