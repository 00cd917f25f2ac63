package io.isobar.query.edr;

import java.util.concurrent.Executor;

import io.isobar.query.forecast.ForecastEngine;
import io.isobar.query.index.Caches;
import io.isobar.query.index.ModelCatalog;
import io.isobar.query.point.Gazetteer;

/**
 * The OGC API – EDR face: its catalogue documents ({@link EdrHandler}) and its data queries ({@link EdrQueries}), over
 * one {@link EdrCatalog} of the collections.
 */
public record Edr(EdrHandler catalogue, EdrQueries queries) {

    /**
     * @param engine the forecast engine shared with {@code /v1/point} and the maps
     * @param executor refreshes the collection metadata in the background
     */
    public static Edr create(ForecastEngine engine, ModelCatalog models, Caches caches, Executor executor, Gazetteer gazetteer) {
        EdrCatalog catalog = new EdrCatalog(models, engine.reader(), caches, executor);
        return new Edr(new EdrHandler(catalog, gazetteer), new EdrQueries(engine, catalog, gazetteer));
    }
}
