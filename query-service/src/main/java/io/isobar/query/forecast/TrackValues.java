package io.isobar.query.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.query.forecast.ForecastQuery.Waypoint;
import io.isobar.query.forecast.PointSample.SliceValue;

/**
 * The values of a read track or corridor ({@link Readout#isTrack()}), waypoint by waypoint: at a validity time, the
 * files of that time; between two, the linear interpolation in time of the values at the two around it,
 * {@code v = (1 - w) v0 + w v1} with {@code w = (t - t0) / (t1 - t0)}, slice by slice (each member and level on its own).
 * Each value says which files answered and with what weight.
 */
public final class TrackValues {

    /** A file that answered a waypoint, and the weight of its value in the waypoint's (1 at a validity time). */
    public record Source(ForecastFile file, double weight) {}

    /**
     * One waypoint's values of one variable.
     *
     * @param sources the files that answered, in time order; empty when none could
     * @param values one per slice (member, level) of the earlier file, null with a reason where one side had none
     * @param reason why there are no values at all (the waypoint's time is outside the files' times), else null
     */
    public record Sample(List<Source> sources, List<SliceValue> values, String reason) {}

    private record Key(Integer realization, Double level) {}

    private TrackValues() {}

    /** For each variable of the plan (in its order), each waypoint's values. */
    public static Map<String, List<Sample>> of(Readout readout) {
        Map<ForecastFile, int[]> offsets = new HashMap<>();
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        List<Waypoint> waypoints = readout.waypoints();
        for (Map.Entry<String, NavigableMap<Instant, List<ForecastFile>>> e : readout.plan().files().entrySet()) {
            NavigableMap<Instant, List<ForecastFile>> byTime = e.getValue();
            List<Sample> samples = new ArrayList<>(waypoints.size());
            for (int i = 0; i < waypoints.size(); i++) {
                Instant t = waypoints.get(i).time();
                Instant[] around = ForecastQuery.Track.around(byTime.navigableKeySet(), t);
                if (around == null) {
                    samples.add(new Sample(List.of(), List.of(), "no " + e.getKey() + " file is valid at " + t
                            + " or at a time on each side of it to interpolate from; the files answering are valid from "
                            + byTime.firstKey() + " to " + byTime.lastKey()));
                    continue;
                }
                double w = around[0].equals(around[1]) ? 0
                        : (double) Duration.between(around[0], t).toMillis() / Duration.between(around[0], around[1]).toMillis();
                List<Source> sources = new ArrayList<>();
                Map<Key, SliceValue> before = values(readout, byTime.get(around[0]), i, 1 - w, sources, offsets);
                if (around[0].equals(around[1])) {
                    samples.add(new Sample(sources, List.copyOf(before.values()), null));
                    continue;
                }
                Map<Key, SliceValue> after = values(readout, byTime.get(around[1]), i, w, sources, offsets);
                List<SliceValue> mixed = new ArrayList<>(before.size());
                before.forEach((key, v0) -> {
                    SliceValue v1 = after.get(key);
                    if (v1 == null || v0.value() == null || v1.value() == null) {
                        String why = v1 == null ? "the file valid at " + around[1] + " has no such member or level"
                                : v0.value() == null ? v0.reason() + " (at " + around[0] + ")" : v1.reason() + " (at " + around[1] + ")";
                        mixed.add(new SliceValue(v0.slice(), null, "interpolation in time needs both values: " + why));
                    } else {
                        mixed.add(new SliceValue(v0.slice(), (float) ((1 - w) * v0.value() + w * v1.value()), null));
                    }
                });
                samples.add(new Sample(sources, mixed, null));
            }
            out.put(e.getKey(), samples);
        }
        return out;
    }

    /** The values of waypoint {@code i} at one validity time (its files together: members may be split over them). */
    private static Map<Key, SliceValue> values(Readout readout, List<ForecastFile> files, int i, double weight,
            List<Source> sources, Map<ForecastFile, int[]> offsets) {
        Map<Key, SliceValue> out = new LinkedHashMap<>();
        for (ForecastFile f : files) {
            FileRead read = readout.of(f);
            int k = read.sampleOf(i);
            if (k < 0) {
                continue;
            }
            sources.add(new Source(f, weight));
            PointSample sample = read.samples().get(k);
            int offset = offsets.computeIfAbsent(f, x -> starts(read))[k];
            List<CellValue> cells = read.cells().subList(offset, offset + sample.size());
            for (SliceValue v : sample.combine(cells)) {
                out.put(new Key(v.slice().realization(), v.slice().level()), v);
            }
        }
        return out;
    }

    /** Where each sample's cells start in the file's values. */
    private static int[] starts(FileRead read) {
        int[] starts = new int[read.samples().size()];
        int offset = 0;
        for (int k = 0; k < starts.length; k++) {
            starts[k] = offset;
            offset += read.samples().get(k).size();
        }
        return starts;
    }
}
