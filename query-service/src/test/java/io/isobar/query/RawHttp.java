package io.isobar.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends a request line exactly as given over a plain socket, so tests can send what no HTTP client library would
 * (malformed escapes, raw spaces, control characters), and reads the status, content type and body.
 */
public final class RawHttp {

    /** The parts of a response the tests look at. */
    public record Reply(int status, String contentType, String body) {}

    private RawHttp() {}

    public static Reply get(int port, String target, String apiKey) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (apiKey == null ? "" : "x-api-key: " + apiKey + "\r\n") + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = response.indexOf("\r\n\r\n");
            String head = headerEnd < 0 ? response : response.substring(0, headerEnd);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = "";
            boolean chunked = false;
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                }
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            String body = headerEnd < 0 ? "" : response.substring(headerEnd + 4);
            return new Reply(status, contentType, chunked ? unchunk(body) : body);
        }
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            // Sizes are in bytes; the bodies here are ASCII JSON.
            out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
