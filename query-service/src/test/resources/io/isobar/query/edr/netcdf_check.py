"""Opens an EDR cube answer as netCDF with netCDF4 (netCDF-C underneath) and compares it with the CoverageJSON answer
to the same request: the x, y and time coordinates, and every parameter's values (masked where CoverageJSON has null).
Usage: netcdf_check.py ANSWER.nc ANSWER.covjson; prints what it compared and OK, or exits non-zero."""
import json
import sys
from datetime import datetime, timezone

import netCDF4
import numpy

nc = netCDF4.Dataset(sys.argv[1])
cov = json.load(open(sys.argv[2]))
axes = cov["domain"]["axes"]
assert nc.Conventions == "CF-1.8", nc.Conventions
numpy.testing.assert_allclose(nc["projection_x_coordinate"][:], axes["x"]["values"], rtol=0, atol=1e-6)
numpy.testing.assert_allclose(nc["projection_y_coordinate"][:], axes["y"]["values"], rtol=0, atol=1e-6)
grid_mapping = nc[nc["air_temperature"].grid_mapping]
assert grid_mapping.grid_mapping_name == "lambert_azimuthal_equal_area", grid_mapping.grid_mapping_name
times = netCDF4.num2date(nc["time"][:], nc["time"].units, only_use_cftime_datetimes=False)
expected = [datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ") for t in axes["t"]["values"]]
assert [t.strftime("%Y-%m-%dT%H:%M:%S") for t in times] == [t.strftime("%Y-%m-%dT%H:%M:%S") for t in expected], (times, expected)
runs = netCDF4.num2date(nc["forecast_reference_time"][:], nc["forecast_reference_time"].units, only_use_cftime_datetimes=False)
assert [r.strftime("%Y-%m-%dT%H:%M:%SZ") for r in runs] == cov["isobar:forecast_reference_time"]["air_temperature"], runs
compared = 0
for key, rng in cov["ranges"].items():
    var = nc[key]
    assert var.dimensions == ("time", "projection_y_coordinate", "projection_x_coordinate"), var.dimensions
    assert list(var.shape) == rng["shape"], (var.shape, rng["shape"])
    assert var.standard_name == cov["parameters"][key]["observedProperty"]["label"]["en"], var.standard_name
    assert var.units == cov["parameters"][key]["unit"]["symbol"], var.units
    got = var[:].flatten()
    want = numpy.ma.masked_invalid(numpy.array([numpy.nan if v is None else v for v in rng["values"]], dtype="f8"))
    assert (numpy.ma.getmaskarray(got) == numpy.ma.getmaskarray(want)).all(), key + ": missing values differ"
    numpy.testing.assert_allclose(got.compressed(), want.compressed(), rtol=0, atol=1e-4)
    compared += 1
print("compared %d variables over %d times, %d x %d cells: OK" % (compared, len(times), len(axes["x"]["values"]),
                                                                   len(axes["y"]["values"])))
