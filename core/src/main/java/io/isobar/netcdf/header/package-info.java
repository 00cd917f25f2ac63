/** Reading a forecast file's header (and recording its chunk layout) without reading its data: {@link io.isobar.netcdf.header.NetcdfHeaderReader}. */
package io.isobar.netcdf.header;
