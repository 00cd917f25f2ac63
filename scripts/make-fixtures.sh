#!/usr/bin/env bash
# Regenerates the netCDF test fixtures in core/src/test/resources/fixtures: writes their CDL with
# scripts/make-fixture-cdl.py, then turns each CDL into a .nc with ncgen (Debian package netcdf-bin:
# apt-get install -y netcdf-bin), and writes layout-iris-order.nc (no CDL: that one is about where the
# bytes lie, see scripts/make-layout-fixture.py) through the libnetcdf that package brings. The CDL and
# the .nc files are committed, so the build and the tests need neither python nor ncgen: run this only
# to change the fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=core/src/test/resources/fixtures

command -v ncgen >/dev/null || { echo "ncgen not found: apt-get install -y netcdf-bin" >&2; exit 1; }
python3 scripts/make-fixture-cdl.py "$dir"
for cdl in "$dir"/*.cdl; do
  name=$(basename "$cdl" .cdl)
  if [ "$name" = classic ]; then kind=classic; else kind=nc4; fi
  ncgen -k "$kind" -o "$dir/$name.nc" "$cdl"
  echo "$dir/$name.nc ($kind, $(stat -c %s "$dir/$name.nc") bytes)"
done
python3 scripts/make-layout-fixture.py "$dir/layout-iris-order.nc"
echo "$dir/layout-iris-order.nc (nc4, $(stat -c %s "$dir/layout-iris-order.nc") bytes)"
