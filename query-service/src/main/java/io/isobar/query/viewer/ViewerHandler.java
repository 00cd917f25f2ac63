package io.isobar.query.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.isobar.json.Json;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.javalin.http.Context;

/**
 * {@code GET /}: the viewer, one page with its own script and style plus Leaflet and uPlot from their Maven webjars,
 * all served from the classpath (works offline; nothing from a CDN). The page needs no key to load; it asks for one
 * (or reads {@code #key=} from the URL fragment, which browsers never send) and sends it as {@code x-api-key} on every
 * data call.
 *
 * <p>{@code ISOBAR_TILE_URL} (e.g. {@code https://tile.example.org/{z}/{x}/{y}.png}) lets a deployment add a basemap;
 * by default the map shows a graticule and the gazetteer's places only.
 */
public final class ViewerHandler {

    /** Leaflet and uPlot versions: the webjars in query-service/pom.xml. */
    static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/dist/";
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    /** Every asset the page loads: its URL name, classpath resource and content type. */
    private static final Map<String, String[]> ASSETS = Map.of(
            "viewer.js", new String[] {"viewer/viewer.js", "text/javascript; charset=utf-8"},
            "viewer.css", new String[] {"viewer/viewer.css", "text/css; charset=utf-8"},
            "leaflet.js", new String[] {LEAFLET + "leaflet.js", "text/javascript; charset=utf-8"},
            "leaflet.css", new String[] {LEAFLET + "leaflet.css", "text/css; charset=utf-8"},
            "uPlot.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uPlot.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});

    private final Optional<String> tileUrl;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    public ViewerHandler(Optional<String> tileUrl) {
        this.tileUrl = tileUrl;
    }

    public void page(Context ctx) {
        Params.of(ctx, Set.of());
        String html = new String(resource("viewer/index.html"), StandardCharsets.UTF_8);
        String config;
        try {
            config = Json.mapper().writeValueAsString(Map.of("tile_url", tileUrl.orElse("")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        html = html.replace("{\"tile_url\":\"\"}", config.replace("</", "<\\/"));
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:" + tileUrl.map(u -> " " + origin(u)).orElse("")
                + "; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
                // No <base> may redirect relative URLs, and the key form can post nowhere but here.
                + "; base-uri 'none'; form-action 'self'");
        ctx.header("Referrer-Policy", "no-referrer");
        Responses.send(ctx, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", Responses.CachePolicy.REVALIDATE);
    }

    public void asset(Context ctx) {
        Params.of(ctx, Set.of());
        String[] asset = ASSETS.get(ctx.pathParam("asset"));
        if (asset == null) {
            throw ApiProblem.notFound("No viewer asset " + ctx.pathParam("asset") + "; the viewer is at /");
        }
        Responses.send(ctx, resource(asset[0]), asset[1], Responses.CachePolicy.STATIC);
    }

    private byte[] resource(String name) {
        return loaded.computeIfAbsent(name, n -> {
            try (InputStream in = ViewerHandler.class.getClassLoader().getResourceAsStream(n)) {
                if (in == null) {
                    throw new IllegalStateException("the viewer resource " + n + " is missing from the classpath");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String origin(String url) {
        int scheme = url.indexOf("://");
        int end = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        return end < 0 ? url : url.substring(0, end);
    }
}
