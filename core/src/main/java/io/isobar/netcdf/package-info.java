/**
 * Reading Met Office netCDF-4 forecast files, in rooms that depend one way: {@code bytes} (where a file's bytes come
 * from: a local file, ranged S3 reads, the block cache) &lt;- {@code header} (a file's header, read at ingest) &lt;-
 * {@code grid} (values of the data variable, read by the query service), with {@code layout} (the data variable's
 * chunk table, recorded at ingest and stored in the index) beside {@code header}. This package holds what they all
 * share: the header value {@link io.isobar.netcdf.NetcdfHeader} and the failure {@link io.isobar.netcdf.HeaderException}.
 */
package io.isobar.netcdf;
