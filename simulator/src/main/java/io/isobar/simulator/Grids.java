package io.isobar.simulator;

import io.isobar.model.MetOfficeProduct;
import io.isobar.model.MetOfficeProducts;

/**
 * The grid (or sites) the simulator writes each product on: the real ones ({@link #real()}, {@code --grid real}), or
 * small stand-ins of the same kinds for tests and quick runs ({@link #small()}).
 *
 * @param uk the UK 2 km grid (UKV, MOGREPS-UK, the UK gridded blends)
 * @param global10km the global deterministic grid
 * @param global20km MOGREPS-G's grid, and the global gridded blends'
 * @param ukSites the UK spot blends' sites
 * @param globalSites the global spot blends' sites
 */
public record Grids(GridSpec uk, GridSpec global10km, GridSpec global20km, GridSpec ukSites, GridSpec globalSites) {

    /** Every product on its real grid: 970 x 1042, 1920 x 2560, 960 x 1280, 7,213 and 5,956 sites. */
    public static Grids real() {
        return new Grids(GridSpec.of(MetOfficeProducts.require("ukv")), GridSpec.of(MetOfficeProducts.require("global")),
                GridSpec.of(MetOfficeProducts.require("mogreps-g")), GridSpec.of(MetOfficeProducts.require("bpf-uk-spot-percentiles")),
                GridSpec.of(MetOfficeProducts.require("bpf-global-spot-percentiles")));
    }

    /**
     * Small stand-ins of the same kinds: 60 x 64 around the UK grid's origin, whole-globe grids of 48 x 64 and 24 x 40,
     * and 37 UK and 43 global sites (the real stations among them). No length is another's, 2, 5 or 8 (see
     * {@link MetOfficeFileWriter}).
     */
    public static Grids small() {
        return new Grids(GridSpec.centred(60, 64), GridSpec.globe(48, 64), GridSpec.globe(24, 40), GridSpec.sites(37, true),
                GridSpec.sites(43, false));
    }

    /** The grid {@code product}'s files lie on. */
    public GridSpec of(MetOfficeProduct product) {
        MetOfficeProduct.Grid g = product.grid();
        if (g == MetOfficeProducts.UK_2KM) {
            return uk;
        }
        if (g == MetOfficeProducts.GLOBAL_10KM) {
            return global10km;
        }
        if (g == MetOfficeProducts.GLOBAL_20KM) {
            return global20km;
        }
        return g == MetOfficeProducts.UK_SITES ? ukSites : globalSites;
    }

    /** These grids with {@code grid} in place of those of its kind (a projected grid is the UK's). */
    public Grids with(GridSpec grid) {
        return switch (grid.kind()) {
            case PROJECTED -> new Grids(grid, global10km, global20km, ukSites, globalSites);
            case LATITUDE_LONGITUDE -> new Grids(uk, grid, grid, ukSites, globalSites);
            case SPOT -> grid.ukSites() ? new Grids(uk, global10km, global20km, grid, globalSites)
                    : new Grids(uk, global10km, global20km, ukSites, grid);
        };
    }
}
