package io.isobar.query.point;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The places the API knows by name: UK cities and towns shipped as data ({@code places.csv} beside this class:
 * name, latitude, longitude, country, aliases). Lookups ignore case, accents, punctuation and the difference
 * between spaces and hyphens ({@code stoke on trent} finds Stoke-on-Trent, {@code kings lynn} King's Lynn); an
 * unknown name gets the closest names as suggestions (edit distance, and names the query begins).
 */
public final class Gazetteer {

    /** The shipped list. */
    public static final String RESOURCE = "places.csv";
    private static final int MAX_SUGGESTIONS = 5;

    private final List<Place> places;
    private final Map<String, Place> byKey;

    Gazetteer(List<Place> places) {
        this.places = List.copyOf(places);
        Map<String, Place> keys = new HashMap<>();
        for (Place p : places) {
            for (String name : names(p)) {
                Place previous = keys.putIfAbsent(key(name), p);
                if (previous != null && previous != p) {
                    throw new IllegalArgumentException("Gazetteer: '" + name + "' names both " + previous.name() + " and " + p.name());
                }
            }
        }
        this.byKey = Map.copyOf(keys);
    }

    /** The shipped gazetteer. */
    public static Gazetteer load() {
        try (InputStream in = Gazetteer.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Gazetteer resource " + RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the gazetteer " + RESOURCE, e);
        }
    }

    /** Parses the CSV form: a header line, then {@code name,latitude,longitude,country,aliases}; {@code #} starts a comment line. */
    static Gazetteer parse(String csv) {
        List<Place> places = new ArrayList<>();
        int lineNumber = 0;
        boolean header = true;
        try (BufferedReader lines = new BufferedReader(new java.io.StringReader(csv))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < 4) {
                    throw new IllegalArgumentException("Gazetteer line " + lineNumber + ": expected name,latitude,longitude,country[,aliases]: " + line);
                }
                double lat = Double.parseDouble(f[1].trim());
                double lon = Double.parseDouble(f[2].trim());
                if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
                    throw new IllegalArgumentException("Gazetteer line " + lineNumber + ": coordinates out of range: " + line);
                }
                List<String> aliases = f.length > 4 && !f[4].isBlank()
                        ? Arrays.stream(f[4].split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of();
                places.add(new Place(f[0].trim(), lat, lon, f[3].trim(), aliases));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Gazetteer(places);
    }

    /** Every place, in the order of the list. */
    public List<Place> places() {
        return places;
    }

    /** The place called {@code name} (or one of its aliases), ignoring case, accents and punctuation. */
    public Optional<Place> find(String name) {
        return Optional.ofNullable(byKey.get(key(name)));
    }

    /** Up to five known names close to {@code name}, closest first: for "did you mean" answers. */
    public List<String> suggestions(String name) {
        String query = key(name);
        if (query.isEmpty()) {
            return List.of();
        }
        Map<Place, Integer> best = new LinkedHashMap<>();
        for (Place p : places) {
            for (String candidate : names(p)) {
                String k = key(candidate);
                int distance = distance(query, k);
                boolean close = distance <= Math.max(2, k.length() / 3);
                boolean prefix = query.length() >= 3 && k.startsWith(query);
                if (close || prefix) {
                    int score = prefix ? Math.min(distance, 1) : distance;
                    best.merge(p, score, Math::min);
                }
            }
        }
        return best.entrySet().stream()
                .sorted(Map.Entry.<Place, Integer>comparingByValue().thenComparing(e -> e.getKey().name()))
                .limit(MAX_SUGGESTIONS)
                .map(e -> e.getKey().name())
                .toList();
    }

    /**
     * Up to five of {@code candidates} close to {@code name}, closest first, by the same measure as place names: for
     * "did you mean" answers about other names (a spot collection's site ids).
     */
    public static List<String> closest(String name, Collection<String> candidates) {
        String query = key(name);
        if (query.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> best = new LinkedHashMap<>();
        for (String candidate : candidates) {
            String k = key(candidate);
            int distance = distance(query, k);
            boolean prefix = query.length() >= 3 && k.startsWith(query);
            if (distance <= Math.max(2, k.length() / 3) || prefix) {
                best.merge(candidate, prefix ? Math.min(distance, 1) : distance, Math::min);
            }
        }
        return best.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry::getKey))
                .limit(MAX_SUGGESTIONS)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static List<String> names(Place p) {
        List<String> names = new ArrayList<>(1 + p.aliases().size());
        names.add(p.name());
        names.addAll(p.aliases());
        return names;
    }

    /** Lower case, no accents, apostrophes or full stops, hyphens as spaces, single spaces. */
    static String key(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        s = s.toLowerCase(Locale.ROOT).replaceAll("['\u2019.]", "").replaceAll("[-_,]", " ");
        return s.replaceAll("\\s+", " ").trim();
    }

    /** Levenshtein distance (insertions, deletions, substitutions), two rows of the usual table. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
