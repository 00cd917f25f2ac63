package io.isobar.query.edr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.model.ModelNames;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.query.IndexFixture;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variable;
import io.isobar.simulator.Variables;

/**
 * Files written by the simulator, archived in the emulated S3 and indexed as the job would index them (the entry
 * built from the file's own header), for the EDR tests:
 *
 * <ul>
 *   <li>UKV, a 300 x 320 cut of the UK grid around the projection origin (northern England, southern Scotland, the
 *       Isle of Man): screen temperature, 10 m wind speed and screen humidity from run {@link #R0} valid at
 *       R0 + 1..12 h, and from run {@link #R1} (R0 + 3 h) valid at R0 + 4..12 h;</li>
 *   <li>MOGREPS-UK on the same grid: screen temperature with members 0, 1 and 2 from R0 valid at R0 + 1..2 h, and
 *       wind speed on five height levels (10, 50, 100, 250, 500 m) for the same members at R0 + 1 h;</li>
 *   <li>UKV mean sea-level pressure on the full 970 x 1042 UK grid from R0 valid at R0 + 1 h (areas, cubes).</li>
 * </ul>
 * Every value the simulator wrote can be recomputed with {@link #FIELD}.
 */
final class EdrFixture {

    static final Instant R0 = Instant.parse("2025-06-14T00:00:00Z");
    static final Instant R1 = R0.plus(Duration.ofHours(3));
    static final SyntheticField FIELD = new SyntheticField(13);
    static final GridSpec SMALL = GridSpec.centred(300, 320);
    static final List<Variable> THREE = List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL, Variables.WIND_SPEED_AT_10M,
            Variables.RELATIVE_HUMIDITY_AT_SCREEN_LEVEL);

    final IndexFixture index;
    final List<ForecastFileSpec> specs = new ArrayList<>();
    /** The index entry written for each spec (its {@code indexed_at} and {@code announced_at}, for freshness checks). */
    private final java.util.Map<ForecastFileSpec, ForecastFile> entries = new java.util.HashMap<>();
    private final String bucket;
    private final MetOfficeFileWriter writer = new MetOfficeFileWriter(FIELD);
    private final Path dir;

    EdrFixture(LocalAws aws, String name, Path dir) throws Exception {
        this.index = new IndexFixture(aws, name);
        this.bucket = LocalAws.uniqueName(name + "-archive");
        this.dir = dir;
        for (Variable v : THREE) {
            for (int h = 1; h <= 12; h++) {
                put(new ForecastFileSpec(MetOfficeModel.UKV, v, R0, Duration.ofHours(h), List.of(), SMALL, R0));
            }
            for (int h = 1; h <= 9; h++) {
                put(new ForecastFileSpec(MetOfficeModel.UKV, v, R1, Duration.ofHours(h), List.of(), SMALL, R1));
            }
        }
        for (int h = 1; h <= 2; h++) {
            put(new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL, R0, Duration.ofHours(h),
                    List.of(0, 1, 2), SMALL, R0));
        }
        put(new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.WIND_SPEED_ON_HEIGHT_LEVELS, R0, Duration.ofHours(1),
                List.of(0, 1, 2), SMALL, R0));
        put(new ForecastFileSpec(MetOfficeModel.UKV, Variables.PRESSURE_AT_MEAN_SEA_LEVEL, R0, Duration.ofHours(1), List.of(),
                GridSpec.uk(), R0));
    }

    static Instant at(int hours) {
        return R0.plus(Duration.ofHours(hours));
    }

    /** The index entry of the file {@link #spec} names. */
    ForecastFile entry(ForecastFileSpec spec) {
        return entries.get(spec);
    }

    /** The spec of the file that answers: of {@code run}, else the newest run that has the time (best estimate). */
    ForecastFileSpec spec(String model, Variable variable, Instant time, Instant run) {
        return specs.stream().filter(s -> ModelNames.normalise(s.model().shortName()).equals(model) && s.variable().equals(variable)
                        && s.time().equals(time) && (run == null || s.forecastReferenceTime().equals(run)))
                .max(java.util.Comparator.comparing(ForecastFileSpec::forecastReferenceTime)).orElseThrow();
    }

    private void put(ForecastFileSpec spec) throws Exception {
        String model = ModelNames.normalise(spec.model().shortName());
        String id = model + "-" + spec.variable().parameter() + "-" + spec.forecastReferenceTime().getEpochSecond() + "-"
                + spec.forecastPeriod().toHours();
        Path file = dir.resolve(id + ".nc");
        byte[] bytes = writer.toBytes(spec);
        Files.write(file, bytes);
        NetcdfHeader h = new NetcdfHeaderReader().read(file);
        String uri = "s3://" + bucket + "/" + id + ".nc";
        index.upload(uri, bytes);
        Instant indexedAt = Instant.now();
        // Announced a little before indexing, by a different amount per file, so each answer's times can be told apart.
        ForecastFile entry = new ForecastFile(id, model, h.variable(), h.standardName(), h.longName(), h.units(), h.cellMethods(),
                h.forecastReferenceTime(), h.forecastPeriod(), h.time(), h.realizations(), h.heights(), h.pressures(),
                h.dimensions().stream().map(d -> d.name() + "=" + d.size()).toList(), uri, "s3://met-office/" + id + ".nc",
                bytes.length, "etag-" + id, indexedAt).withAnnouncedAt(indexedAt.minusMillis(1_000 + 10L * specs.size()));
        index.put(entry);
        entries.put(spec, entry);
        specs.add(spec);
    }
}
