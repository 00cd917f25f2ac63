/**
 * Reading values of a forecast file's data variable, a chunk at a time: {@link io.isobar.netcdf.grid.GridFile} (one
 * opened file), {@link io.isobar.netcdf.grid.CellValue} (a value or why it is missing) and the
 * {@link io.isobar.netcdf.grid.ChunkCache} every read goes through (opened files and decoded chunks, single-flight loads).
 */
package io.isobar.netcdf.grid;
