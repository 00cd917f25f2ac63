package io.isobar.job.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

import io.isobar.job.backfill.BackfillSelection.Decision;
import io.isobar.job.ingest.IngestFilter;
import io.isobar.job.ingest.IngestTask;
import io.isobar.model.ModelNames;

class BackfillSelectionTest {

    private static final String UKV_KEY = "uk-deterministic-2km/20261123T0600Z/20261123T0900Z-PT0003H00M-temperature_at_screen_level.nc";
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    private static BackfillSpec s3(String source) {
        return new BackfillSpec(source, null, null, null, "backfill-test");
    }

    @Test
    void anS3ObjectKeepsItsBucketAndKeyAndWhatItsKeySays() {
        SourceMapping.Listed listed = new SourceMapping(s3("s3://mo/uk-deterministic-2km/")).map(new Path("s3://mo/" + UKV_KEY), 42);
        IngestTask task = listed.task();
        assertThat(task.object().uri()).isEqualTo("s3://mo/" + UKV_KEY);
        assertThat(task.size()).isEqualTo(42);
        assertThat(task.readsLocalFile()).isFalse();
        assertThat(task.model()).isEqualTo(ModelNames.UKV);
        assertThat(task.variable()).isEqualTo("air_temperature");
        assertThat(listed.key().time()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(task.origin()).isEqualTo("backfill-test");
        assertThat(task.rawMessage()).contains("backfill-test").contains(UKV_KEY);
        assertThat(task.announcedAtMillis()).isZero();
    }

    @Test
    void anOldStyleKeyTakesItsModelFromTheBucketName() {
        IngestTask task = new SourceMapping(s3("s3://aws-earth-mo-atmospheric-mogreps-uk-prd/"))
                .map(new Path("s3://aws-earth-mo-atmospheric-mogreps-uk-prd/0afc5a13dc1d9bbcd3a56103a93cea076375db56.nc"), 1).task();
        assertThat(task.model()).isEqualTo(ModelNames.MOGREPS_UK);
        assertThat(task.variable()).isNull();
    }

    @Test
    void aLocalFileIsItselfUnlessTheDirectoryIsACopyOfABucket() {
        Path file = new Path("file:/data/mirror/" + UKV_KEY);
        IngestTask plain = new SourceMapping(new BackfillSpec("/data/mirror", null, null, null, "r")).map(file, 7).task();
        assertThat(plain.bucket()).isNull();
        assertThat(plain.object().uri()).isEqualTo("file:///data/mirror/" + UKV_KEY);
        assertThat(plain.location()).isEqualTo("file:///data/mirror/" + UKV_KEY);
        assertThat(plain.model()).isEqualTo(ModelNames.UKV);

        IngestTask copy = new SourceMapping(new BackfillSpec("/data/mirror", "s3://mo", null, null, "r")).map(file, 7).task();
        assertThat(copy.object().uri()).isEqualTo("s3://mo/" + UKV_KEY);
        assertThat(copy.location()).isEqualTo("file:///data/mirror/" + UKV_KEY);

        IngestTask prefixed = new SourceMapping(new BackfillSpec("/data/mirror/uk-deterministic-2km", "s3://mo/uk-deterministic-2km",
                null, null, "r")).map(file, 7).task();
        assertThat(prefixed.object().uri()).isEqualTo("s3://mo/" + UKV_KEY);
    }

    @Test
    void oneLocalFileMapsToTheObjectItsMirrorNames() {
        Path file = new Path("file:/data/x.nc");
        assertThat(new SourceMapping(new BackfillSpec("/data/x.nc", "s3://mo/a/y.nc", null, null, "r")).map(file, 1).task().object().uri())
                .isEqualTo("s3://mo/a/y.nc");
        assertThat(new SourceMapping(new BackfillSpec("/data/x.nc", "s3://mo/a/", null, null, "r")).map(file, 1).task().object().uri())
                .isEqualTo("s3://mo/a/x.nc");
    }

    @Test
    void theKeyRulesFilesOutWithoutReadingThem() {
        BackfillSpec spec = s3("s3://mo/");
        SourceMapping mapping = new SourceMapping(spec);
        Path ukv = new Path("s3://mo/" + UKV_KEY);
        Path opaque = new Path("s3://mo/0afc5a13dc1d9bbcd3a56103a93cea076375db56.nc");

        assertThat(new BackfillSelection(mapping, IngestFilter.all()).decide(ukv, 1)).isEqualTo(Decision.TAKE);
        BackfillSelection windMorning = new BackfillSelection(mapping, new IngestFilter(Set.of(), Set.of("wind_speed"), T0, T0.plusSeconds(6 * 3600)));
        assertThat(windMorning.decide(ukv, 1)).isEqualTo(Decision.SKIPPED_BY_KEY);
        assertThat(windMorning.decide(opaque, 1)).as("a key that says nothing: the header decides").isEqualTo(Decision.TAKE);
        BackfillSelection later = new BackfillSelection(mapping, IngestFilter.all().withTimeRange(Instant.parse("2026-11-23T10:00:00Z"), null));
        assertThat(later.decide(ukv, 1)).isEqualTo(Decision.SKIPPED_BY_KEY);
        BackfillSelection global = new BackfillSelection(mapping, new IngestFilter(Set.of(ModelNames.GLOBAL), Set.of()));
        assertThat(global.decide(ukv, 1)).isEqualTo(Decision.SKIPPED_BY_KEY);
        BackfillSelection temperatureInRange = new BackfillSelection(mapping,
                new IngestFilter(Set.of(ModelNames.UKV), Set.of("air_temperature"), T0, T0.plusSeconds(86400)));
        assertThat(temperatureInRange.decide(ukv, 1)).isEqualTo(Decision.TAKE);
    }

    @Test
    void onlyVisibleNetcdfFilesAreTaken() {
        BackfillSelection all = new BackfillSelection(new SourceMapping(s3("s3://mo/")), IngestFilter.all());
        assertThat(all.decide(new Path("s3://mo/readme.txt"), 1)).isEqualTo(Decision.NOT_NETCDF);
        assertThat(all.decide(new Path("s3://mo/.hidden.nc"), 1)).isEqualTo(Decision.NOT_NETCDF);
        assertThat(all.decide(new Path("s3://mo/_tmp.nc"), 1)).isEqualTo(Decision.NOT_NETCDF);
        assertThat(all.decide(new Path("s3://mo/UPPER.NC"), 1)).isEqualTo(Decision.TAKE);
    }

    @Test
    void runFoldersAtOrAfterTheEndOfTheWindowAreNotListed() {
        SourceMapping mapping = new SourceMapping(s3("s3://mo/"));
        BackfillSelection until6 = new BackfillSelection(mapping, IngestFilter.all().withTimeRange(null, Instant.parse("2026-11-23T06:00:00Z")));
        assertThat(until6.enters(new Path("s3://mo/uk-deterministic-2km/20261123T0500Z"))).isTrue();
        assertThat(until6.enters(new Path("s3://mo/uk-deterministic-2km/20261123T0600Z"))).isFalse();
        assertThat(until6.enters(new Path("s3://mo/uk-deterministic-2km"))).isTrue();
        assertThat(until6.enters(new Path("s3://mo/.staging"))).isFalse();
        assertThat(new BackfillSelection(mapping, IngestFilter.all()).enters(new Path("s3://mo/x/20991231T0000Z"))).isTrue();
    }
}
