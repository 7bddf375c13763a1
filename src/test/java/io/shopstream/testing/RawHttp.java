package io.shopstream.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 client on a bare socket, for requests no HTTP client will send: a body shorter than its
 * Content-Length, broken chunked framing, a trickled upload, a path sent exactly as written.
 */
public final class RawHttp implements AutoCloseable {

    /** What came back: the answer's text (empty when none), and whether the server closed the connection. */
    public record Answer(String text, boolean closed) {

        private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

        /** The status, or 0 when there was no answer. */
        public int status() {
            Matcher matcher = STATUS.matcher(text);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        }

        /** A header's value, or null. */
        public String header(String name) {
            Matcher matcher = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*([^\\r\\n]*)").matcher(text);
            return matcher.find() ? matcher.group(1).trim() : null;
        }
    }

    private final Socket socket;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    public static RawHttp connect(URI server) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 2_000);
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request line and headers of a POST of a signed sample, with the given framing headers. */
    public static String head(String method, String path, SignedSample sample, Map<String, String> framing) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n");
        sample.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        framing.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString();
    }

    public RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) {
        if (!trySend(bytes)) {
            throw new UncheckedIOException(new IOException("the server closed the connection"));
        }
        return this;
    }

    /** Sends bytes, tolerating a server that has already answered and closed. False when it could not. */
    public boolean trySend(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Ends the request side (a TCP half-close), as a sender that gives up on its body does. */
    public RawHttp shutdownOutput() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads until the server closes the connection or {@code patience} passes without it; the answer is what arrived
     * by then.
     */
    public Answer read(Duration patience) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (System.nanoTime() >= deadline) {
                    return new Answer(received.toString(StandardCharsets.ISO_8859_1), false);
                }
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException stillOpen) {
                    return new Answer(received.toString(StandardCharsets.ISO_8859_1), false);
                } catch (SocketException reset) {
                    return new Answer(received.toString(StandardCharsets.ISO_8859_1), true);
                }
                if (n < 0) {
                    return new Answer(received.toString(StandardCharsets.ISO_8859_1), true);
                }
                received.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the server may have closed first
        }
    }
}
