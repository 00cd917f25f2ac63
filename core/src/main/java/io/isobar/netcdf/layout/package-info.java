/** A data variable's chunk table and value coding, recorded at ingest and stored in the index so that a value costs one ranged read: {@link io.isobar.netcdf.layout.ChunkLayout}. */
package io.isobar.netcdf.layout;
