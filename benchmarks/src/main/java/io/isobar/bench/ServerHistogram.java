package io.isobar.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's own time for one route between two scrapes of its {@code http_server_requests_seconds} histogram on
 * {@code /metrics}: what the service spent, apart from the client, HTTP and a loaded machine. A percentile is the upper
 * bound of the bucket that holds it.
 */
final class ServerHistogram {

    private final HttpClient http;
    private final String metricsUrl;
    private final String route;
    private final TreeMap<Double, Long> before;

    private ServerHistogram(HttpClient http, String metricsUrl, String route) {
        this.http = http;
        this.metricsUrl = metricsUrl;
        this.route = route;
        this.before = scrape();
    }

    /** Takes the first scrape of the 200 answers on {@code route}. */
    static ServerHistogram start(HttpClient http, String metricsUrl, String route) {
        return new ServerHistogram(http, metricsUrl, route);
    }

    /** The service's p50 and p99 in ms of the answers since {@link #start} (NaN when it reported none). */
    double[] p50p99Ms() {
        TreeMap<Double, Long> after = scrape();
        return new double[] {percentileMs(before, after, 0.50), percentileMs(before, after, 0.99)};
    }

    /** Cumulative counts of the service's 200 answers on the route by bucket (upper bound in seconds). */
    private TreeMap<Double, Long> scrape() {
        TreeMap<Double, Long> buckets = new TreeMap<>();
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("http_server_requests_seconds_bucket{") && line.contains("route=\"" + route + "\"")
                        && line.contains("status=\"200\"")) {
                    String le = line.replaceFirst(".*le=\"([^\"]+)\".*", "$1");
                    double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    buckets.merge(bound, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no service-side numbers then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return buckets;
    }

    static double percentileMs(TreeMap<Double, Long> before, TreeMap<Double, Long> after, double q) {
        long total = after.getOrDefault(Double.POSITIVE_INFINITY, 0L) - before.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Long> e : after.entrySet()) {
            if (e.getValue() - before.getOrDefault(e.getKey(), 0L) >= q * total) {
                return e.getKey() * 1000;
            }
        }
        return Double.NaN;
    }
}
