package io.isobar.query.forecast;

import io.isobar.model.ForecastFile;

/**
 * A place (or, with no site, every cell of an area) lies off the grid of a file that would answer: another model may
 * still hold it, so the faces decide what it means and word it.
 */
public final class OffGrid extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ForecastQuery.Site site;
    private final transient ForecastFile file;
    private final transient Grid grid;

    public OffGrid(ForecastQuery.Site site, ForecastFile file, Grid grid) {
        // No stack trace: this is an answer, not a fault, and the faces may meet it once per model tried.
        super((site == null ? "the area" : "(" + site.longitude() + " " + site.latitude() + ")") + " is off the "
                + file.model() + " grid", null, false, false);
        this.site = site;
        this.file = file;
        this.grid = grid;
    }

    /** The place off the grid; null for an area none of whose cell centres lies inside. */
    public ForecastQuery.Site site() {
        return site;
    }

    public ForecastFile file() {
        return file;
    }

    public Grid grid() {
        return grid;
    }
}
