/** Reading values of a forecast file's data variable, a chunk at a time: {@link io.isobar.netcdf.grid.GridFile} and the caching {@link io.isobar.netcdf.grid.PointReader}. */
package io.isobar.netcdf.grid;
