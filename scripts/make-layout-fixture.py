#!/usr/bin/env python3
"""Writes core/src/test/resources/fixtures/layout-iris-order.nc: a netCDF-4 file laid out as the Met Office's
files are, for the tests that count the requests a header read costs.

ncgen writes all metadata and coordinates before the data. The Met Office's files (written by iris through
netCDF4-python) are laid out differently: coordinates are created and written first, then the chunked,
compressed data variable, then the global attributes, so part of the metadata lands after the data, at the
end of the file. This script makes the same calls in the same order through libnetcdf (ctypes; the library
comes with Debian's netcdf-bin). The data are pseudo-random (seeded) so that they compress as little as
real fields do and the file is long enough (~500 KB) for its head and tail to be far apart.

Usage: make-layout-fixture.py OUTPUT.nc
"""
import ctypes as C
import random
import sys

NC_NETCDF4, NC_CLOBBER, NC_CHUNKED, NC_GLOBAL = 0x1000, 0, 0, -1
NC_INT, NC_FLOAT, NC_DOUBLE, NC_INT64 = 4, 5, 6, 10
NR, NY, NX = 3, 192, 256
FRT, FP = 1594900800, 10800

nc = C.CDLL("libnetcdf.so.19")
nc.nc_strerror.restype = C.c_char_p


def ck(status):
    if status != 0:
        raise SystemExit("netCDF error %d: %s" % (status, nc.nc_strerror(status).decode()))


def main(path):
    ncid_ref = C.c_int()
    ck(nc.nc_create(path.encode(), NC_CLOBBER | NC_NETCDF4, C.byref(ncid_ref)))
    ncid = ncid_ref.value

    def dim(name, n):
        d = C.c_int()
        ck(nc.nc_def_dim(ncid, name.encode(), C.c_size_t(n), C.byref(d)))
        return d.value

    def var(name, xtype, dims):
        v = C.c_int()
        ck(nc.nc_def_var(ncid, name.encode(), xtype, len(dims), (C.c_int * max(1, len(dims)))(*dims), C.byref(v)))
        return v.value

    def text(v, name, value):
        b = value.encode()
        ck(nc.nc_put_att_text(ncid, v, name.encode(), C.c_size_t(len(b)), b))

    def double(v, name, value):
        ck(nc.nc_put_att_double(ncid, v, name.encode(), NC_DOUBLE, C.c_size_t(1), (C.c_double * 1)(value)))

    def put(v, ctype, values):
        put_fn = {C.c_float: nc.nc_put_var_float, C.c_int: nc.nc_put_var_int, C.c_longlong: nc.nc_put_var_longlong}[ctype]
        ck(put_fn(ncid, v, (ctype * len(values))(*values)))

    dr, dy, dx, db = dim("realization", NR), dim("projection_y_coordinate", NY), dim("projection_x_coordinate", NX), dim("bnds", 2)

    # 1. Coordinates, each created, described and written in turn.
    v = var("realization", NC_INT, [dr]); text(v, "units", "1"); text(v, "standard_name", "realization")
    put(v, C.c_int, list(range(NR)))
    for axis, d, n, first in (("y", dy, NY, -1036000.0), ("x", dx, NX, -1158000.0)):
        name = "projection_%s_coordinate" % axis
        v = var(name, NC_FLOAT, [d])
        text(v, "axis", axis.upper()); text(v, "bounds", name + "_bnds"); text(v, "units", "m"); text(v, "standard_name", name)
        points = [first + 2000.0 * i for i in range(n)]
        put(v, C.c_float, points)
        put(var(name + "_bnds", NC_FLOAT, [d, db]), C.c_float, [b for p in points for b in (p - 1000.0, p + 1000.0)])
    v = var("forecast_period", NC_INT, []); text(v, "bounds", "forecast_period_bnds"); text(v, "units", "seconds")
    text(v, "standard_name", "forecast_period"); put(v, C.c_int, [FP])
    put(var("forecast_period_bnds", NC_INT, [db]), C.c_int, [FP - 3600, FP])
    v = var("forecast_reference_time", NC_INT64, []); text(v, "units", "seconds since 1970-01-01 00:00:00")
    text(v, "standard_name", "forecast_reference_time"); text(v, "calendar", "gregorian"); put(v, C.c_longlong, [FRT])
    v = var("height", NC_FLOAT, []); text(v, "units", "m"); text(v, "standard_name", "height"); text(v, "positive", "up")
    put(v, C.c_float, [1.5])
    v = var("time", NC_INT64, []); text(v, "bounds", "time_bnds"); text(v, "units", "seconds since 1970-01-01 00:00:00")
    text(v, "standard_name", "time"); text(v, "calendar", "gregorian"); put(v, C.c_longlong, [FRT + FP])
    put(var("time_bnds", NC_INT64, [db]), C.c_longlong, [FRT + FP - 3600, FRT + FP])
    g = var("lambert_azimuthal_equal_area", NC_INT, [])
    text(g, "grid_mapping_name", "lambert_azimuthal_equal_area")
    for key, value in (("longitude_of_prime_meridian", 0.0), ("semi_major_axis", 6378137.0),
                       ("semi_minor_axis", 6356752.31414036), ("longitude_of_projection_origin", -2.5),
                       ("latitude_of_projection_origin", 54.9), ("false_easting", 0.0), ("false_northing", 0.0)):
        double(g, key, value)
    put(g, C.c_int, [-2147483647])

    # 2. The data variable, chunked and compressed like the real ones, written in one go.
    d = var("air_temperature", NC_FLOAT, [dr, dy, dx])
    ck(nc.nc_def_var_chunking(ncid, d, NC_CHUNKED, (C.c_size_t * 3)(1, 128, 128)))
    ck(nc.nc_def_var_deflate(ncid, d, 0, 1, 1))
    for key, value in (("standard_name", "air_temperature"), ("units", "K"), ("cell_methods", "time: maximum"),
                       ("grid_mapping", "lambert_azimuthal_equal_area"),
                       ("coordinates", "forecast_period forecast_reference_time height time")):
        text(d, key, value)
    rng = random.Random(20200716)
    put(d, C.c_float, [280.0 + 0.01 * row + rng.gauss(0.0, 2.0) for _ in range(NR) for row in range(NY) for _ in range(NX)])

    # 3. Global attributes last: they land after the data.
    for key, value in (("history", "2020-07-16T15:50:39Z: StaGE Decoupler"), ("institution", "Met Office"),
                       ("mosg__forecast_run_duration", "PT126H"), ("mosg__grid_domain", "uk_extended"),
                       ("mosg__grid_type", "standard"), ("mosg__grid_version", "2.2.0"),
                       ("mosg__model_configuration", "uk_ens"), ("source", "Met Office Unified Model"),
                       ("title", "MOGREPS-UK Model Forecast on UK 2 km Standard Grid"), ("um_version", "11.2"),
                       ("Conventions", "CF-1.5, UKMO-1.0")):
        text(NC_GLOBAL, key, value)
    double(NC_GLOBAL, "least_significant_digit", 2.0)
    ck(nc.nc_close(ncid))


if __name__ == "__main__":
    main(sys.argv[1])
