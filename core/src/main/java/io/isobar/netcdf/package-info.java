/**
 * Reading Met Office netCDF-4 forecast files, in rooms that depend one way: {@code bytes} (where a file's bytes come
 * from: a local file, ranged S3 reads, the block cache) and {@code layout} (the data variable's chunk table, recorded
 * at ingest and stored in the index) know no reader; {@code header} reads a file's header over the bytes (at ingest)
 * and records its layout; {@code grid} reads values of the data variable (for the query service) through all three.
 * This package holds what they all share: the header value {@link io.isobar.netcdf.NetcdfHeader} and the failure
 * {@link io.isobar.netcdf.HeaderException}.
 */
package io.isobar.netcdf;
