#!/usr/bin/env python3
"""Writes the CDL of Isobar's netCDF test fixtures (core/src/test/resources/fixtures/*.cdl).

Each fixture copies the layout of a real Met Office file (see the reference CDL: the same variable and
global attributes, Lambert azimuthal equal-area grid mapping, int64 times in seconds since 1970, chunked
data with deflate level 1) on a small 40 x 36 grid of 2 km cells: a sub-grid of the real 1042 x 970 UK
grid (x = -1158000 + 2000 i, y = -1036000 + 2000 j), centred like it.

Data values follow one formula, written into each CDL's header comment, so tests can check any cell:
    value = base + 2.0 * member + 0.5 * level + 0.01 * row + 0.001 * col   (stored as float32)
with row the index along projection_y_coordinate (0 = first y, the southern edge), col the index along
projection_x_coordinate (0 = first x, the western edge), member the index along realization and level
the index along height or pressure (0 when the file has no such dimension).

Usage: make-fixture-cdl.py OUTPUT_DIR   (scripts/make-fixtures.sh runs it and then ncgen)
"""
import os
import sys

NX, NY = 40, 36
DX = 2000.0
# The real grid runs x -1158000..924000 (1042 points), y -1036000..902000 (970 points): centres -117000, -67000.
X0 = -117000.0 - (NX - 1) / 2 * DX
Y0 = -67000.0 - (NY - 1) / 2 * DX
XS = [X0 + i * DX for i in range(NX)]
YS = [Y0 + j * DX for j in range(NY)]

GRID_MAPPING = """\
\tint lambert_azimuthal_equal_area ;
\t\tlambert_azimuthal_equal_area:grid_mapping_name = "lambert_azimuthal_equal_area" ;
\t\tlambert_azimuthal_equal_area:longitude_of_prime_meridian = 0. ;
\t\tlambert_azimuthal_equal_area:semi_major_axis = 6378137. ;
\t\tlambert_azimuthal_equal_area:semi_minor_axis = 6356752.31414036 ;
\t\tlambert_azimuthal_equal_area:longitude_of_projection_origin = -2.5 ;
\t\tlambert_azimuthal_equal_area:latitude_of_projection_origin = 54.9 ;
\t\tlambert_azimuthal_equal_area:false_easting = 0. ;
\t\tlambert_azimuthal_equal_area:false_northing = 0. ;
"""

PROJECTION_COORDINATES = """\
\tfloat projection_y_coordinate(projection_y_coordinate) ;
\t\tprojection_y_coordinate:axis = "Y" ;
\t\tprojection_y_coordinate:bounds = "projection_y_coordinate_bnds" ;
\t\tprojection_y_coordinate:units = "m" ;
\t\tprojection_y_coordinate:standard_name = "projection_y_coordinate" ;
\tfloat projection_y_coordinate_bnds(projection_y_coordinate, bnds) ;
\tfloat projection_x_coordinate(projection_x_coordinate) ;
\t\tprojection_x_coordinate:axis = "X" ;
\t\tprojection_x_coordinate:bounds = "projection_x_coordinate_bnds" ;
\t\tprojection_x_coordinate:units = "m" ;
\t\tprojection_x_coordinate:standard_name = "projection_x_coordinate" ;
\tfloat projection_x_coordinate_bnds(projection_x_coordinate, bnds) ;
"""


def times(with_bounds):
    fp_bounds = '\t\tforecast_period:bounds = "forecast_period_bnds" ;\n' if with_bounds else ''
    t_bounds = '\t\ttime:bounds = "time_bnds" ;\n' if with_bounds else ''
    text = (
        "\tint forecast_period ;\n" + fp_bounds +
        '\t\tforecast_period:units = "seconds" ;\n'
        '\t\tforecast_period:standard_name = "forecast_period" ;\n')
    if with_bounds:
        text += "\tint forecast_period_bnds(bnds) ;\n"
    text += (
        "\tint64 forecast_reference_time ;\n"
        '\t\tforecast_reference_time:units = "seconds since 1970-01-01 00:00:00" ;\n'
        '\t\tforecast_reference_time:standard_name = "forecast_reference_time" ;\n'
        '\t\tforecast_reference_time:calendar = "gregorian" ;\n'
        "\tint64 time ;\n" + t_bounds +
        '\t\ttime:units = "seconds since 1970-01-01 00:00:00" ;\n'
        '\t\ttime:standard_name = "time" ;\n'
        '\t\ttime:calendar = "gregorian" ;\n')
    if with_bounds:
        text += "\tint64 time_bnds(bnds) ;\n"
    return text


class Raw(str):
    """A CDL literal written as is (e.g. 1LL for an int64 attribute), not as a quoted string."""


def number(v):
    return repr(float(v)) if isinstance(v, float) else str(v)


def values(vs, per_line=10):
    vs = [number(v) for v in vs]
    lines = [", ".join(vs[i:i + per_line]) for i in range(0, len(vs), per_line)]
    return ",\n    ".join(lines)


def fixture(name, *, label, title, config, variable, attrs, base, levels=None, members=None, cell_bounds=None,
            scalar_height=None, frt, fp, globals_extra=()):
    """levels: (name, values, cdl-attributes) of a vertical dimension; members: realization values."""
    dims, shape, chunks = [], [], []
    decl_dims = ""
    if members is not None:
        decl_dims += "\trealization = %d ;\n" % len(members)
        dims.append("realization"); shape.append(len(members)); chunks.append(1)
    if levels is not None:
        decl_dims += "\t%s = %d ;\n" % (levels[0], len(levels[1]))
        dims.append(levels[0]); shape.append(len(levels[1])); chunks.append(1)
    decl_dims += "\tprojection_y_coordinate = %d ;\n\tprojection_x_coordinate = %d ;\n\tbnds = 2 ;\n" % (NY, NX)
    dims += ["projection_y_coordinate", "projection_x_coordinate"]
    chunks += [16, 16]
    scalars = ["forecast_period", "forecast_reference_time"] + (["height"] if scalar_height is not None else []) + ["time"]

    out = []
    out.append("netcdf %s {\n" % name)
    out.append("// Isobar test fixture, generated by scripts/make-fixture-cdl.py: a small copy of a real %s file.\n" % label)
    out.append("// Data: %s[...][row][col] = %s + 2.0 * member + 0.5 * level + 0.01 * row + 0.001 * col (float32),\n" % (variable, base))
    out.append("//   row/col: indices along projection_y/x_coordinate; member: index along realization (0 if none);\n")
    out.append("//   level: index along height/pressure (0 if none).\n")
    out.append("dimensions:\n" + decl_dims + "variables:\n")
    out.append("\tfloat %s(%s) ;\n" % (variable, ", ".join(dims)))
    for k, v in attrs:
        out.append('\t\t%s:%s = "%s" ;\n' % (variable, k, v))
    out.append('\t\t%s:grid_mapping = "lambert_azimuthal_equal_area" ;\n' % variable)
    out.append('\t\t%s:coordinates = "%s" ;\n' % (variable, " ".join(scalars)))
    out.append('\t\t%s:_Storage = "chunked" ;\n' % variable)
    out.append("\t\t%s:_ChunkSizes = %s ;\n" % (variable, ", ".join(map(str, chunks))))
    out.append("\t\t%s:_DeflateLevel = 1 ;\n" % variable)
    out.append('\t\t%s:_Endianness = "little" ;\n' % variable)
    out.append(GRID_MAPPING)
    if members is not None:
        out.append('\tint realization(realization) ;\n\t\trealization:units = "1" ;\n\t\trealization:standard_name = "realization" ;\n')
    if levels is not None:
        out.append("\tfloat %s(%s) ;\n" % (levels[0], levels[0]))
        for k, v in levels[2]:
            out.append('\t\t%s:%s = "%s" ;\n' % (levels[0], k, v))
    out.append(PROJECTION_COORDINATES)
    out.append(times(cell_bounds is not None))
    if scalar_height is not None:
        out.append('\tfloat height ;\n\t\theight:units = "m" ;\n\t\theight:standard_name = "height" ;\n\t\theight:positive = "up" ;\n')
    out.append("\n// global attributes:\n")
    glob = [("history", "2025-06-14T01:50:39Z: StaGE Decoupler"), ("institution", "Met Office")]
    glob += list(globals_extra)
    glob += [("mosg__forecast_run_duration", "PT126H" if config == "uk_ens" else "PT54H"),
             ("mosg__grid_domain", "uk_extended"), ("mosg__grid_type", "standard"), ("mosg__grid_version", "2.4.0"),
             ("mosg__model_configuration", config), ("source", "Met Office Unified Model"), ("title", title),
             ("um_version", "13.1"), ("Conventions", "CF-1.7, UKMO-1.0")]
    for k, v in glob:
        out.append("\t\t:%s = %s ;\n" % (k, v if isinstance(v, Raw) else '"%s"' % v))

    out.append("data:\n\n")
    data = []
    for m in range(len(members) if members is not None else 1):
        for lv in range(len(levels[1]) if levels is not None else 1):
            for row in range(NY):
                for col in range(NX):
                    data.append("%.3f" % (base + 2.0 * m + 0.5 * lv + 0.01 * row + 0.001 * col))
    out.append(" %s =\n    %s ;\n\n" % (variable, ",\n    ".join(", ".join(data[i:i + NX]) for i in range(0, len(data), NX))))
    out.append(" lambert_azimuthal_equal_area = -2147483647 ;\n\n")
    if members is not None:
        out.append(" realization = %s ;\n\n" % values(members))
    if levels is not None:
        out.append(" %s = %s ;\n\n" % (levels[0], values(levels[1])))
    out.append(" projection_y_coordinate =\n    %s ;\n\n" % values(YS))
    out.append(" projection_y_coordinate_bnds =\n    %s ;\n\n" % values([v for y in YS for v in (y - DX / 2, y + DX / 2)]))
    out.append(" projection_x_coordinate =\n    %s ;\n\n" % values(XS))
    out.append(" projection_x_coordinate_bnds =\n    %s ;\n\n" % values([v for x in XS for v in (x - DX / 2, x + DX / 2)]))
    out.append(" forecast_period = %d ;\n\n" % fp)
    out.append(" forecast_reference_time = %d ;\n\n" % frt)
    out.append(" time = %d ;\n" % (frt + fp))
    if cell_bounds is not None:
        start, end = cell_bounds
        out.append("\n forecast_period_bnds = %d, %d ;\n\n" % (start, end))
        out.append(" time_bnds = %d, %d ;\n" % (frt + start, frt + end))
    if scalar_height is not None:
        out.append("\n height = %s ;\n" % number(scalar_height))
    out.append("}\n")
    return "".join(out)


CLASSIC = """netcdf classic {
// Isobar test fixture, generated by scripts/make-fixture-cdl.py: a netCDF-3 classic file, which Isobar
// does not read (the Met Office publishes netCDF-4 only).
dimensions:
\tprojection_y_coordinate = 2 ;
\tprojection_x_coordinate = 3 ;
variables:
\tfloat air_temperature(projection_y_coordinate, projection_x_coordinate) ;
\t\tair_temperature:standard_name = "air_temperature" ;
\t\tair_temperature:units = "K" ;
\tint forecast_period ;
\t\tforecast_period:units = "seconds" ;

// global attributes:
\t\t:mosg__model_configuration = "uk_det" ;
data:

 air_temperature = 273.15, 273.151, 273.152, 273.16, 273.161, 273.162 ;

 forecast_period = 3600 ;
}
"""


# --- The 2026 feed's other shapes: latitude/longitude grids, IMPROVER percentiles, thresholds and sites. ---------------
# A coarse whole-globe latitude/longitude grid (the real ones are 2560 x 1920 and 1280 x 960), cell centres, poles not
# on it, on the Met Office's sphere; longitudes -180..180 as the Met Office writes them, or 0..360 as others do.
NLAT, NLON = 36, 48
DLAT, DLON = 5.0, 7.5
LATS = [-90 + DLAT / 2 + j * DLAT for j in range(NLAT)]


def lons(first):
    return [first + i * DLON for i in range(NLON)]


LATLON_MAPPING = """\
\tint latitude_longitude ;
\t\tlatitude_longitude:grid_mapping_name = "latitude_longitude" ;
\t\tlatitude_longitude:longitude_of_prime_meridian = 0. ;
\t\tlatitude_longitude:earth_radius = 6371229. ;
"""

# IMPROVER's blends: blend_time is the run; forecast_reference_time and forecast_period stay, deprecated.
BLEND_TIMES = """\
\tint64 blend_time ;
\t\tblend_time:units = "seconds since 1970-01-01 00:00:00" ;
\t\tblend_time:long_name = "blend_time" ;
\t\tblend_time:calendar = "gregorian" ;
\tint forecast_period ;
\t\tforecast_period:units = "seconds" ;
\t\tforecast_period:standard_name = "forecast_period" ;
\t\tforecast_period:deprecation_message = "forecast_period will be removed in future and should not be used" ;
\tint64 forecast_reference_time ;
\t\tforecast_reference_time:units = "seconds since 1970-01-01 00:00:00" ;
\t\tforecast_reference_time:standard_name = "forecast_reference_time" ;
\t\tforecast_reference_time:calendar = "gregorian" ;
\t\tforecast_reference_time:deprecation_message = "forecast_reference_time will be removed in future and should not be used" ;
\tint64 time ;
\t\ttime:units = "seconds since 1970-01-01 00:00:00" ;
\t\ttime:standard_name = "time" ;
\t\ttime:calendar = "gregorian" ;
"""


def shaped(name, *, label, variable, attrs, base, lead, lead_values, lead_cdl, grid, globals_, time_kind, frt, fp, height=None,
           spot=None):
    """A fixture whose data variable is ([lead,] <grid>) with lead a realization, percentile or threshold dimension.

    grid: ("latlon", first_longitude) or ("laea",); spot: list of (lat, lon, altitude, wmo_id, site_id) instead of a grid.
    Data: value = base + 0.5 * lead + 0.01 * row + 0.001 * col on a grid, base + 0.5 * lead + 0.01 * site for sites.
    """
    out = ["netcdf %s {\n" % name,
           "// Isobar test fixture, generated by scripts/make-fixture-cdl.py: a small copy of a real %s file.\n" % label]
    if spot is None:
        out.append("// Data: %s[lead][row][col] = %s + 0.5 * lead + 0.01 * row + 0.001 * col (float32),\n" % (variable, base))
        out.append("//   lead: index along %s; row/col: indices along the grid's y/x (latitude/longitude).\n" % lead)
    else:
        out.append("// Data: %s[lead][site] = %s + 0.5 * lead + 0.01 * site (float32), lead: index along %s.\n" % (variable, base, lead))
    leads = [] if lead is None else [lead]
    lead_values = lead_values if lead is not None else [None]
    dims = [] if lead is None else ["\t%s = %d ;\n" % (lead, len(lead_values))]
    if spot is not None:
        dims += ["\tspot_index = %d ;\n" % len(spot), "\tstring8 = 8 ;\n", "\tstring5 = 5 ;\n"]
        axes = ["spot_index"]
        chunks = [len(spot)]
    elif grid[0] == "latlon":
        dims += ["\tlatitude = %d ;\n" % NLAT, "\tlongitude = %d ;\n" % NLON, "\tbnds = 2 ;\n"]
        axes = ["latitude", "longitude"]
        chunks = [16, 16]
    else:
        dims += ["\tprojection_y_coordinate = %d ;\n" % NY, "\tprojection_x_coordinate = %d ;\n" % NX, "\tbnds = 2 ;\n"]
        axes = ["projection_y_coordinate", "projection_x_coordinate"]
        chunks = [16, 16]
    out.append("dimensions:\n" + "".join(dims) + "variables:\n")
    chunks = [1] * len(leads) + chunks
    out.append("\tfloat %s(%s) ;\n" % (variable, ", ".join(leads + axes)))
    for k, v in attrs:
        out.append('\t\t%s:%s = "%s" ;\n' % (variable, k, v))
    scalars = ["forecast_period", "forecast_reference_time", "time"] + (["height"] if height is not None else [])
    if time_kind == "blend":
        scalars = ["blend_time"] + scalars
    if spot is not None:
        scalars = ["altitude", "latitude", "longitude", "met_office_site_id", "wmo_id"] + scalars
    else:
        out.append('\t\t%s:grid_mapping = "%s" ;\n' % (variable, "latitude_longitude" if grid[0] == "latlon"
                                                        else "lambert_azimuthal_equal_area"))
    out.append('\t\t%s:coordinates = "%s" ;\n' % (variable, " ".join(sorted(scalars))))
    out.append('\t\t%s:_Storage = "chunked" ;\n' % variable)
    out.append("\t\t%s:_ChunkSizes = %s ;\n" % (variable, ", ".join(map(str, chunks))))
    out.append("\t\t%s:_DeflateLevel = 1 ;\n" % variable)
    if lead is not None:
        out.append("\t%s %s(%s) ;\n" % ("int" if lead == "realization" else "float", lead, lead))
        for k, v in lead_cdl:
            out.append('\t\t%s:%s = "%s" ;\n' % (lead, k, v))
    if spot is not None:
        out.append('\tint spot_index(spot_index) ;\n\t\tspot_index:units = "1" ;\n\t\tspot_index:long_name = "spot_index" ;\n')
        out.append('\tfloat altitude(spot_index) ;\n\t\taltitude:units = "m" ;\n\t\taltitude:standard_name = "altitude" ;\n')
        out.append('\tfloat latitude(spot_index) ;\n\t\tlatitude:units = "degrees_north" ;\n\t\tlatitude:standard_name = "latitude" ;\n')
        out.append('\tfloat longitude(spot_index) ;\n\t\tlongitude:units = "degrees_east" ;\n\t\tlongitude:standard_name = "longitude" ;\n')
        out.append('\tchar met_office_site_id(spot_index, string8) ;\n\t\tmet_office_site_id:long_name = "met_office_site_id" ;\n'
                   '\t\tmet_office_site_id:unique_site_identifier = "true" ;\n')
        out.append('\tchar wmo_id(spot_index, string5) ;\n\t\twmo_id:long_name = "wmo_id" ;\n')
    elif grid[0] == "latlon":
        out.append(LATLON_MAPPING)
        out.append('\tfloat latitude(latitude) ;\n\t\tlatitude:axis = "Y" ;\n\t\tlatitude:bounds = "latitude_bnds" ;\n'
                   '\t\tlatitude:units = "degrees_north" ;\n\t\tlatitude:standard_name = "latitude" ;\n'
                   '\tfloat latitude_bnds(latitude, bnds) ;\n')
        out.append('\tfloat longitude(longitude) ;\n\t\tlongitude:axis = "X" ;\n\t\tlongitude:bounds = "longitude_bnds" ;\n'
                   '\t\tlongitude:units = "degrees_east" ;\n\t\tlongitude:standard_name = "longitude" ;\n'
                   '\tfloat longitude_bnds(longitude, bnds) ;\n')
    else:
        out.append(GRID_MAPPING)
        out.append(PROJECTION_COORDINATES)
    out.append(BLEND_TIMES + times_text(height)[len(times(False)):] if time_kind == "blend" else times_text(height))
    out.append("\n// global attributes:\n")
    for k, v in globals_:
        out.append("\t\t:%s = %s ;\n" % (k, v if isinstance(v, Raw) else '"%s"' % v))
    out.append("data:\n\n")
    data = []
    for ld in range(len(lead_values)):
        if spot is not None:
            data.append(", ".join("%.3f" % (base + 0.5 * ld + 0.01 * site) for site in range(len(spot))))
        else:
            ny, nx = (NLAT, NLON) if grid[0] == "latlon" else (NY, NX)
            for row in range(ny):
                data.append(", ".join("%.3f" % (base + 0.5 * ld + 0.01 * row + 0.001 * col) for col in range(nx)))
    out.append(" %s =\n    %s ;\n\n" % (variable, ",\n    ".join(data)))
    if lead is not None:
        out.append(" %s = %s ;\n\n" % (lead, values(lead_values)))
    if spot is not None:
        out.append(" spot_index = %s ;\n\n" % values(list(range(len(spot)))))
        out.append(" altitude = %s ;\n\n" % values([s[2] for s in spot]))
        out.append(" latitude = %s ;\n\n" % values([s[0] for s in spot]))
        out.append(" longitude = %s ;\n\n" % values([s[1] for s in spot]))
        out.append(" met_office_site_id = %s ;\n\n" % ", ".join('"%s"' % s[4] for s in spot))
        out.append(" wmo_id = %s ;\n\n" % ", ".join('"%s"' % s[3] for s in spot))
    elif grid[0] == "latlon":
        out.append(" latitude_longitude = -2147483647 ;\n\n")
        out.append(" latitude =\n    %s ;\n\n" % values(LATS))
        out.append(" latitude_bnds =\n    %s ;\n\n" % values([v for y in LATS for v in (y - DLAT / 2, y + DLAT / 2)]))
        xs = lons(grid[1])
        out.append(" longitude =\n    %s ;\n\n" % values(xs))
        out.append(" longitude_bnds =\n    %s ;\n\n" % values([v for x in xs for v in (x - DLON / 2, x + DLON / 2)]))
    else:
        out.append(" lambert_azimuthal_equal_area = -2147483647 ;\n\n")
        out.append(" projection_y_coordinate =\n    %s ;\n\n" % values(YS))
        out.append(" projection_y_coordinate_bnds =\n    %s ;\n\n" % values([v for y in YS for v in (y - DX / 2, y + DX / 2)]))
        out.append(" projection_x_coordinate =\n    %s ;\n\n" % values(XS))
        out.append(" projection_x_coordinate_bnds =\n    %s ;\n\n" % values([v for x in XS for v in (x - DX / 2, x + DX / 2)]))
    if time_kind == "blend":
        out.append(" blend_time = %d ;\n\n" % frt)
    out.append(" forecast_period = %d ;\n\n forecast_reference_time = %d ;\n\n time = %d ;\n" % (fp, frt, frt + fp))
    if height is not None:
        out.append("\n height = %s ;\n" % number(height))
    out.append("}\n")
    return "".join(out)


def times_text(height):
    text = times(False)
    if height is not None:
        text += '\tfloat height ;\n\t\theight:units = "m" ;\n\t\theight:standard_name = "height" ;\n\t\theight:positive = "up" ;\n'
    return text


def model_globals(config, title, duration, domain="global"):
    return [("history", "2026-07-21T05:50:39Z: StaGE Decoupler"), ("institution", "Met Office"),
            ("least_significant_digit", Raw("2LL")), ("mosg__forecast_run_duration", duration),
            ("mosg__grid_domain", domain), ("mosg__grid_type", "standard"), ("mosg__grid_version", "1.7.0"),
            ("mosg__model_configuration", config), ("source", "Met Office Unified Model"), ("title", title),
            ("um_version", "13.8"), ("Conventions", "CF-1.7, UKMO-1.0")]


def blend_globals(title):
    return [("institution", "Met Office"), ("mosg__model_configuration", "gl_ens uk_ens"),
            ("mosg__model_run", "gl_ens:20260720T1800Z:0.006\\nuk_ens:20260721T0200Z:0.165\\nuk_ens:20260721T0300Z:0.165"),
            ("source", "IMPROVER"), ("title", title), ("Conventions", "CF-1.7")]


# Six UK sites and one far away: (latitude, longitude, altitude, wmo_id, met_office_site_id); "None" where no WMO id.
SITES = [(51.4778, -0.4614, 25.0, "03772", "00003772"), (55.95, -3.3725, 57.0, "03160", "00003160"),
         (53.3537, -2.275, 69.0, "03334", "00003334"), (50.7381, -3.4049, 27.0, "None", "00350001"),
         (57.2019, -2.1978, 65.0, "03091", "00003091"), (-41.3272, 174.8053, 12.0, "93439", "00093439")]


def shaped_fixtures():
    frt, fp = 1784599200, 3 * 3600  # run 2026-07-21T02:00Z, T+3 h
    return {
        # (e) Global deterministic screen temperature on (latitude, longitude), longitudes -180..180.
        "global-air_temperature": shaped(
            "global-air_temperature", label="global deterministic screen temperature", variable="air_temperature",
            attrs=[("standard_name", "air_temperature"), ("units", "K")], base=270.0, lead=None, lead_values=None, lead_cdl=[],
            grid=("latlon", -176.25), globals_=model_globals("gl_det", "Global Model Forecast on Global 10 km Standard Grid", "PT168H"),
            time_kind="model", frt=frt - 2 * 3600, fp=fp + 2 * 3600, height=1.5),
        # (f) MOGREPS-G screen temperature, 4 members (the real files hold 18), longitudes written 0..360.
        "mogreps-g-air_temperature": shaped(
            "mogreps-g-air_temperature", label="MOGREPS-G screen temperature", variable="air_temperature",
            attrs=[("standard_name", "air_temperature"), ("units", "K")], base=280.0, lead="realization",
            lead_values=[0, 1, 2, 3], lead_cdl=[("units", "1"), ("standard_name", "realization")],
            grid=("latlon", 3.75), globals_=model_globals("gl_ens", "MOGREPS-G Model Forecast on Global 20 km Standard Grid", "PT246H"),
            time_kind="model", frt=frt - 2 * 3600, fp=fp + 2 * 3600, height=1.5),
        # (g) to (j): IMPROVER blends, gridded and spot, percentiles and probabilities.
        "bpf-uk-percentiles-air_temperature": shaped(
            "bpf-uk-percentiles-air_temperature", label="IMPROVER UK gridded percentile", variable="air_temperature",
            attrs=[("standard_name", "air_temperature"), ("units", "K")], base=275.0, lead="percentile",
            lead_values=[5.0, 10.0, 50.0, 90.0, 95.0], lead_cdl=[("units", "%"), ("long_name", "percentile")],
            grid=("laea",), globals_=blend_globals("IMPROVER Post-Processed Multi-Model Blend on UK 2 km Standard Grid"),
            time_kind="blend", frt=frt, fp=fp, height=1.5),
        "bpf-uk-probabilities-wind_speed": shaped(
            "bpf-uk-probabilities-wind_speed", label="IMPROVER UK gridded probability",
            variable="probability_of_wind_speed_above_threshold",
            attrs=[("long_name", "probability_of_wind_speed_above_threshold"), ("units", "1")], base=0.1,
            lead="threshold", lead_values=[2.5, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0],
            lead_cdl=[("units", "m s-1"), ("standard_name", "wind_speed"), ("spp__relative_to_threshold", "greater_than_or_equal_to")],
            grid=("laea",), globals_=blend_globals("IMPROVER Post-Processed Multi-Model Blend on UK 2 km Standard Grid"),
            time_kind="blend", frt=frt, fp=fp, height=10.0),
        "bpf-uk-spot-percentiles-air_temperature": shaped(
            "bpf-uk-spot-percentiles-air_temperature", label="IMPROVER UK spot percentile", variable="air_temperature",
            attrs=[("standard_name", "air_temperature"), ("units", "K")], base=285.0, lead="percentile",
            lead_values=[10.0, 50.0, 90.0], lead_cdl=[("units", "%"), ("long_name", "percentile")],
            grid=None, spot=SITES, globals_=blend_globals("IMPROVER Post-Processed Multi-Model Blend UK Spot Values"),
            time_kind="blend", frt=frt, fp=fp, height=1.5),
        "bpf-uk-spot-probabilities-rainfall": shaped(
            "bpf-uk-spot-probabilities-rainfall", label="IMPROVER UK spot probability",
            variable="probability_of_lwe_precipitation_rate_below_threshold",
            attrs=[("long_name", "probability_of_lwe_precipitation_rate_below_threshold"), ("units", "1")], base=0.2,
            lead="threshold", lead_values=[1e-7, 1e-6, 4e-6, 8e-6],
            lead_cdl=[("units", "m s-1"), ("standard_name", "lwe_precipitation_rate"), ("spp__relative_to_threshold", "less_than")],
            grid=None, spot=SITES, globals_=blend_globals("IMPROVER Post-Processed Multi-Model Blend UK Spot Values"),
            time_kind="blend", frt=frt, fp=fp),
    }


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    files = {
        # (a) UKV deterministic 2-D screen temperature: scalar height 1.5 m.
        "ukv-2d-air_temperature": fixture(
            "ukv-2d-air_temperature", label="UKV screen temperature", title="UKV Model Forecast on UK 2 km Standard Grid", config="uk_det",
            variable="air_temperature", attrs=[("standard_name", "air_temperature"), ("units", "K")], base=273.15,
            scalar_height=1.5, frt=1749859200, fp=3600),
        # (b) MOGREPS-UK ensemble wind speed on several heights: data (realization, height, y, x).
        "mogreps-uk-ensemble-wind_speed": fixture(
            "mogreps-uk-ensemble-wind_speed", label="MOGREPS-UK multi-level wind speed", title="MOGREPS-UK Model Forecast on UK 2 km Standard Grid",
            config="uk_ens", variable="wind_speed",
            attrs=[("standard_name", "wind_speed"), ("long_name", "wind_speed_adjusted_by_model_surface_scheme"),
                   ("units", "m s-1")],
            base=5.0, members=[18, 19, 20],
            levels=("height", [10.0, 50.0, 100.0], [("units", "m"), ("standard_name", "height"), ("positive", "up")]),
            frt=1763650800, fp=216000, globals_extra=[("least_significant_digit", Raw("1LL"))]),
        # (c) MOGREPS-UK maximum temperature over the hour before: cell methods and bounds.
        "mogreps-uk-air_temperature-max": fixture(
            "mogreps-uk-air_temperature-max", label="MOGREPS-UK hourly maximum temperature", title="MOGREPS-UK Model Forecast on UK 2 km Standard Grid",
            config="uk_ens", variable="air_temperature",
            attrs=[("standard_name", "air_temperature"), ("units", "K"), ("cell_methods", "time: maximum")],
            base=280.0, members=[0, 1, 2], scalar_height=1.5, cell_bounds=(7200, 10800),
            frt=1594900800, fp=10800, globals_extra=[("least_significant_digit", Raw("2."))]),
        # (d) UKV wind speed on pressure levels: data (pressure, y, x).
        "ukv-pressure-wind_speed": fixture(
            "ukv-pressure-wind_speed", label="UKV pressure-level wind speed", title="UKV Model Forecast on UK 2 km Standard Grid", config="uk_det",
            variable="wind_speed", attrs=[("standard_name", "wind_speed"), ("units", "m s-1")], base=10.0,
            levels=("pressure", [100000.0, 85000.0, 50000.0],
                    [("units", "Pa"), ("standard_name", "air_pressure"), ("positive", "down")]),
            frt=1749870000, fp=7200),
        "classic": CLASSIC,
    }
    files.update(shaped_fixtures())
    for name, text in files.items():
        with open(os.path.join(out_dir, name + ".cdl"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "core/src/test/resources/fixtures")
