package io.isobar.query.edr;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.query.edr.EdrResult.Series;
import io.isobar.query.edr.EdrResult.Site;
import io.isobar.query.point.Gazetteer;
import io.isobar.query.point.Place;

/**
 * GeoJSON ({@code application/geo+json}) forms of the EDR face: query answers as one {@code Feature} per site and
 * validity time (a Point at the place asked for, or at the cell centre of an area; for a trajectory or corridor, one per
 * place at its own time, with its distance along the path and the files that answered it), whose properties hold each
 * parameter's value; and the gazetteer as the {@code locations} listing.
 */
final class EdrGeoJson {

    static final String MEDIA_TYPE = "application/geo+json";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EdrGeoJson() {}

    static ObjectNode of(EdrResult r) {
        ObjectNode fc = JSON.objectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        for (int t = 0; t < r.times().size(); t++) {
            // A track's time t is its place t's alone.
            for (int j = r.track() ? t : 0; j < (r.track() ? t + 1 : r.sites().size()); j++) {
                Site s = r.sites().get(j);
                ObjectNode f = features.addObject();
                f.put("type", "Feature");
                ObjectNode g = f.putObject("geometry");
                g.put("type", "Point");
                ArrayNode position = g.putArray("coordinates").add(s.longitude()).add(s.latitude());
                if (s.z() != null) {
                    position.add(s.z());
                }
                ObjectNode p = f.putObject("properties");
                p.put("datetime", r.times().get(t).toString());
                if (r.track()) {
                    p.put("distance_m", Math.round(s.along()));
                    if (s.lane() >= 0) {
                        p.put("lane", s.lane());
                        p.put("offset_m", Math.round(s.offset()));
                    }
                }
                p.put("model", r.model());
                if (s.name() != null) {
                    p.put("name", s.name());
                }
                if (s.row() >= 0) {
                    p.put("row", s.row());
                    p.put("column", s.column());
                }
                Set<Instant> runs = new LinkedHashSet<>();
                Instant indexed = null;
                Instant announced = null;
                for (Series series : r.parameters()) {
                    indexed = later(indexed, series.indexedAt()[t]);
                    announced = later(announced, series.announcedAt()[t]);
                    Float v = series.values()[t][r.track() ? 0 : j];
                    if (v == null || v.isNaN()) {
                        p.putNull(series.key());
                    } else {
                        p.put(series.key(), v);
                    }
                    if (series.runs()[t] != null) {
                        runs.add(series.runs()[t]);
                    }
                }
                if (r.track()) {
                    // Which files answered this place, per variable, with their weights in time (as CoverageJSON's isobar:sources).
                    ObjectNode sources = JSON.objectNode();
                    for (Series series : r.parameters()) {
                        if (!sources.has(series.variable())) {
                            sources.set(series.variable(), CoverageJson.sources(series.sources().get(j)));
                        }
                    }
                    p.set("sources", sources);
                }
                if (runs.size() == 1) {
                    p.put("forecast_reference_time", runs.iterator().next().toString());
                } else if (runs.size() > 1) {
                    ObjectNode byParameter = p.putObject("forecast_reference_time");
                    for (Series series : r.parameters()) {
                        Instant run = series.runs()[t];
                        byParameter.put(series.key(), Objects.toString(run, null));
                    }
                }
                // The feature's values are as fresh as the newest file they came from.
                if (indexed != null) {
                    p.put("indexed_at", indexed.toString());
                }
                if (announced != null) {
                    p.put("announced_at", announced.toString());
                }
            }
        }
        ObjectNode parameters = fc.putObject("parameters");
        for (Series s : r.parameters()) {
            parameters.set(s.key(), CoverageJson.parameter(s));
        }
        return fc;
    }

    /** The gazetteer as GeoJSON Features; the id is the name to use in {@code locations/{locId}}. */
    static ObjectNode locations(Gazetteer gazetteer, String base) {
        ObjectNode fc = JSON.objectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        List<Place> places = gazetteer.places();
        for (Place p : places) {
            ObjectNode f = features.addObject();
            f.put("type", "Feature");
            f.put("id", p.name());
            ObjectNode g = f.putObject("geometry");
            g.put("type", "Point");
            g.putArray("coordinates").add(p.longitude()).add(p.latitude());
            ObjectNode props = f.putObject("properties");
            props.put("name", p.name());
            props.put("country", p.country());
            if (!p.aliases().isEmpty()) {
                ArrayNode aliases = props.putArray("aliases");
                p.aliases().forEach(aliases::add);
            }
            props.put("edrqueryendpoint", base + "/" + java.net.URLEncoder.encode(p.name(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        return fc;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }
}
