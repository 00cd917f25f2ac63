#!/usr/bin/env python3
"""Converts Natural Earth's coastlines and land borders, as packaged by the npm package world-atlas 2.0.2, into the
compact resource the query service ships (query-service/src/main/resources/io/isobar/query/map/coastlines.json).

Run once, by hand, when the map data should change (the service never fetches map data at run time):

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 /path/to/isobar/scripts/coastlines.py package/countries-10m.json package/countries-110m.json \
        > /path/to/isobar/query-service/src/main/resources/io/isobar/query/map/coastlines.json

What it writes: two sets of lines, each a list of polylines as flat [lon, lat, lon, lat, ...] arrays of integers in
thousandths of a degree, "coastlines" (country outlines bordering no other country: the coast) and "borders" (the
land borders between two countries), at two levels of detail: 1:10m inside the box around the UK models' grids and
1:110m for the rest of the world. Lines are simplified (Douglas-Peucker) to a tolerance below the grids' cell size.
Source, version and licence: NOTICE.
"""
import json
import sys

# The UK models' grids (UKV, MOGREPS-UK) lie within this box, with room to spare: lon_min, lat_min, lon_max, lat_max.
DETAIL_BOX = (-25.0, 43.0, 15.0, 66.0)
DETAIL_TOLERANCE = 0.004   # degrees (~400 m): below the 2 km cells of the UK grids
WORLD_TOLERANCE = 0.05     # degrees (~5 km): the global grids' cells are 10 km and more


def arcs_of(topology):
    """Every arc as a list of (lon, lat), decoded from the quantised, delta-encoded TopoJSON."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def arc_owners(geometries):
    """For each arc index, the set of country geometries that use it."""
    owners = {}

    def walk(node, owner):
        if isinstance(node, int):
            owners.setdefault(node if node >= 0 else ~node, set()).add(owner)
        else:
            for child in node:
                walk(child, owner)

    for i, g in enumerate(geometries):
        walk(g.get("arcs", []), i)
    return owners


def simplify(points, tolerance):
    """Douglas-Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def inside(point, box, margin=0.0):
    lon, lat = point
    return box[0] - margin <= lon <= box[2] + margin and box[1] - margin <= lat <= box[3] + margin


def pieces(points, keep):
    """The runs of consecutive points for which keep(point) holds (each with its neighbours, so lines reach the edge)."""
    runs, run = [], []
    for i, p in enumerate(points):
        if keep(p) or (i + 1 < len(points) and keep(points[i + 1])) or (i > 0 and keep(points[i - 1])):
            run.append(p)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return [r for r in runs if len(r) >= 2]


def lines(path, keep, tolerance):
    topology = json.load(open(path))
    geometries = topology["objects"]["countries"]["geometries"]
    decoded = arcs_of(topology)
    coast, borders = [], []
    for index, owners in sorted(arc_owners(geometries).items()):
        target = coast if len(owners) == 1 else borders
        for run in pieces(decoded[index], keep):
            target.append(encode(simplify(run, tolerance)))
    return coast, borders


def encode(points):
    flat = []
    for lon, lat in points:
        flat += [round(lon * 1000), round(lat * 1000)]
    return flat


def main(detailed, world):
    coast, borders = lines(detailed, lambda p: inside(p, DETAIL_BOX), DETAIL_TOLERANCE)
    world_coast, world_borders = lines(world, lambda p: not inside(p, DETAIL_BOX, -0.5), WORLD_TOLERANCE)
    json.dump({
        "source": "Natural Earth 1:10m (inside detail_box) and 1:110m, via the npm package world-atlas 2.0.2;"
                  " converted by scripts/coastlines.py",
        "units": "thousandths of a degree, [lon, lat, lon, lat, ...]",
        "detail_box": DETAIL_BOX,
        "coastlines": coast + world_coast,
        "borders": borders + world_borders,
    }, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: coastlines.py countries-10m.json countries-110m.json > coastlines.json")
    main(sys.argv[1], sys.argv[2])
