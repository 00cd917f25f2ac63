package io.isobar.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The benchmarks' HTTP client of the query service: HTTP/1.1 on loopback, one API key, bodies read in full. */
final class BenchHttp {

    private BenchHttp() {}

    /**
     * A client; {@code onCallerThread} has the answers handled on the thread that sent the request, so that one request
     * at a time measures no hand-off between threads.
     */
    static HttpClient client(boolean onCallerThread) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        return (onCallerThread ? builder.executor(Runnable::run) : builder).build();
    }

    /** The status of {@code GET url} with the API key, its body read in full; -1 when no answer came. */
    static int status(HttpClient http, String url, String key) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Whether {@code GET url} answered 200. */
    static boolean ok(HttpClient http, String url, String key) {
        return status(http, url, key) == 200;
    }
}
