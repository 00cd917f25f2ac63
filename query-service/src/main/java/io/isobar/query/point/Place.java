package io.isobar.query.point;

import java.util.List;

/**
 * A named place of the gazetteer: a UK city or town and where its centre is (WGS84 degrees).
 *
 * @param aliases other names it is known by ({@code Hull} for Kingston upon Hull), possibly empty
 */
public record Place(String name, double latitude, double longitude, String country, List<String> aliases) {

    public Place {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
