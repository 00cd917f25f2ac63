/** Where a file's bytes come from: {@link io.isobar.netcdf.bytes.ByteSource} and its local and S3 forms, and the block cache readers read through. */
package io.isobar.netcdf.bytes;
