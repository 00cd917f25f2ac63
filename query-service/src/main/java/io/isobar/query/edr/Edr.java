package io.isobar.query.edr;

import java.util.concurrent.Executor;

import io.isobar.query.forecast.ForecastEngine;
import io.isobar.query.forecast.ForecastReader;
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
     * @param files the engine's file side, which the catalogue reads too (runs, times and a grid per collection)
     * @param executor refreshes the collection metadata in the background
     */
    public static Edr create(ForecastEngine engine, ForecastReader files, ModelCatalog models, Caches caches, Executor executor,
            Gazetteer gazetteer) {
        EdrCatalog catalog = new EdrCatalog(models, files, caches, executor);
        EdrHandler catalogue = new EdrHandler(catalog, gazetteer, engine);
        return new Edr(catalogue, new EdrQueries(engine, catalog, catalogue, gazetteer));
    }
}
