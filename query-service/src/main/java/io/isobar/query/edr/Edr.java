package io.isobar.query.edr;

import java.util.concurrent.Executor;

import io.isobar.query.events.FileListener;
import io.isobar.query.files.FilesReader;
import io.isobar.query.forecast.ForecastEngine;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.index.Caches;
import io.isobar.query.index.ModelCatalog;
import io.isobar.query.index.RunSummaries;
import io.isobar.query.point.Gazetteer;

/**
 * The OGC API – EDR face: its catalogue documents ({@link EdrHandler}) and its data queries ({@link EdrQueries}), over
 * one {@link EdrCatalog} of the collections, which follows the files stream ({@code variables}) to learn new parameters.
 */
public record Edr(EdrHandler catalogue, EdrQueries queries, FileListener variables) {

    /**
     * @param engine the forecast engine shared with {@code /v1/point} and the maps
     * @param files the engine's file side, which the catalogue reads too (the bounds, the newest run, a grid per model)
     * @param fileReader one file of a run (the collection's grid)
     * @param summaries the job's run and parameter summaries
     * @param executor refreshes the collection metadata in the background
     */
    public static Edr create(ForecastEngine engine, ForecastReader files, FilesReader fileReader, RunSummaries summaries,
            ModelCatalog models, Caches caches, Executor executor, Gazetteer gazetteer) {
        EdrCatalog catalog = new EdrCatalog(models, files, fileReader, summaries, caches, executor);
        EdrHandler catalogue = new EdrHandler(catalog, gazetteer);
        return new Edr(catalogue, new EdrQueries(engine, catalog, catalogue, gazetteer), catalog);
    }
}
