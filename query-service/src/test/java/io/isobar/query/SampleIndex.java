package io.isobar.query;

import static io.isobar.query.IndexFixture.file;

/**
 * A small index: two UKV runs and one MOGREPS-UK run (with a realization split over two files); with
 * {@link #seedArchive} its files exist in the emulated S3 too, so that point queries can read them.
 */
public final class SampleIndex {

    public static final String R0 = "2025-06-14T00:00:00Z";
    public static final String R1 = "2025-06-14T01:00:00Z";
    public static final String T1 = "2025-06-14T01:00:00Z";
    public static final String T2 = "2025-06-14T02:00:00Z";
    public static final String T3 = "2025-06-14T03:00:00Z";

    private SampleIndex() {}

    public static void seed(IndexFixture index) {
        for (String t : new String[] {T1, T2, T3}) {
            index.put(file("ukv", "air_temperature", R0, t, "ukv-at-r0-" + t.substring(11, 13)));
            index.put(file("ukv", "relative_humidity", R0, t, "ukv-rh-r0-" + t.substring(11, 13)));
        }
        for (String t : new String[] {T2, T3}) {
            index.put(file("ukv", "air_temperature", R1, t, "ukv-at-r1-" + t.substring(11, 13)));
        }
        index.put(file("mogreps-uk", "air_temperature", R0, T1, "mog-at-r0-01-a"));
        index.put(file("mogreps-uk", "air_temperature", R0, T1, "mog-at-r0-01-b"));
        index.put(file("mogreps-uk", "air_temperature", R0, T2, "mog-at-r0-02-a"));
    }

    /**
     * Puts a real file at every archived URI of {@link #seed}'s entries: the UKV fixture (one field near the Isle of
     * Man) for the UKV files, the 3-member MOGREPS-UK fixture for the MOGREPS-UK files. Their contents do not match
     * the entries' run and variable: enough for point queries to answer, not for checking values.
     */
    public static void seedArchive(IndexFixture index) {
        byte[] ukv = IndexFixture.resource("fixtures/ukv-2d-air_temperature.nc");
        byte[] mogreps = IndexFixture.resource("fixtures/mogreps-uk-air_temperature-max.nc");
        for (String t : new String[] {T1, T2, T3}) {
            index.upload(file("ukv", "air_temperature", R0, t, "ukv-at-r0-" + t.substring(11, 13)).uri(), ukv);
            index.upload(file("ukv", "relative_humidity", R0, t, "ukv-rh-r0-" + t.substring(11, 13)).uri(), ukv);
        }
        for (String t : new String[] {T2, T3}) {
            index.upload(file("ukv", "air_temperature", R1, t, "ukv-at-r1-" + t.substring(11, 13)).uri(), ukv);
        }
        for (String id : new String[] {"mog-at-r0-01-a", "mog-at-r0-01-b", "mog-at-r0-02-a"}) {
            index.upload(file("mogreps-uk", "air_temperature", R0, T1, id).uri(), mogreps);
        }
    }
}
