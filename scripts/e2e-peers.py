#!/usr/bin/env python3
"""Peer pipelines of `scripts/bench-e2e` (issue 20): the same answers as geoq's commands,
computed by the Python stack an analyst would use, reading the same SpatiaLite file (stdlib
sqlite3 into numpy/pandas) and writing the same kind of output. Timed by the caller as a
whole process, as geoq is.

  hotspots  tips -> pyproj (EPSG:32648) -> 250 m cells with tips -> Gi* (binary weights,
            the 3x3 block incl. self, over the cells with tips) -> BH FDR -> CSV
  clusters  tips -> pyproj -> scikit-learn DBSCAN (eps 100 m, min 8, kd-tree) -> JSON
  coverage  active cameras -> pyproj -> shapely sectors (range, heading, field of view) ->
            tips seen (STRtree), per commune (tips seen, covered area: sectors' union
            intersected with each commune, communes from the store's SpatiaLite geometry),
            per category -> JSON
  stats     tips -> pandas groupby commune -> CSV
  tips      tips -> pandas -> CSV
"""
import json
import sqlite3
import sys

import numpy as np
import pandas as pd


def read(db, columns):
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    return pd.read_sql_query(f"SELECT {columns} FROM tips", connection)


def projected(db):
    from pyproj import Transformer
    frame = read(db, "lon, lat")
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    return np.asarray(x), np.asarray(y)


def hotspots(db, out):
    from scipy.special import ndtr
    x, y = projected(db)
    ix, iy = np.floor(x / 250).astype(np.int64), np.floor(y / 250).astype(np.int64)
    keys = ix * 10_000_000 + iy
    cells, counts = np.unique(keys, return_counts=True)
    cx, cy = cells // 10_000_000, cells % 10_000_000
    n = len(cells)
    values = counts.astype(float)
    sums = np.zeros(n)
    weights = np.zeros(n)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            neighbour = (cx + dx) * 10_000_000 + (cy + dy)
            at = np.searchsorted(cells, neighbour)
            found = (at < n) & (cells[np.minimum(at, n - 1)] == neighbour)
            sums[found] += values[at[found]]
            weights[found] += 1
    mean, sd = values.mean(), values.std()
    z = (sums - mean * weights) / (sd * np.sqrt((n * weights - weights ** 2) / (n - 1)))
    p = 2 * (1 - ndtr(np.abs(z)))
    order = np.argsort(p)
    ranked = p[order] * n / np.arange(1, n + 1)
    adjusted = np.empty(n)
    adjusted[order] = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1)
    from pyproj import Transformer
    lon, lat = Transformer.from_crs("EPSG:32648", "EPSG:4326", always_xy=True).transform((cx + 0.5) * 250, (cy + 0.5) * 250)
    frame = pd.DataFrame({"ix": cx, "iy": cy, "count": counts, "z": z, "p": p, "p_fdr": adjusted, "lon": lon, "lat": lat})
    frame.sort_values("z", ascending=False).to_csv(out, index_label="rank", float_format="%.6f")


def clusters(db, out):
    from sklearn.cluster import DBSCAN
    x, y = projected(db)
    labels = DBSCAN(eps=100, min_samples=8, algorithm="kd_tree").fit_predict(np.column_stack([x, y]))
    keys, sizes = np.unique(labels[labels >= 0], return_counts=True)
    json.dump([{"key": int(k), "size": int(s)} for k, s in zip(keys, sizes)], out)


def spatialite_polygons(blob):
    """A SpatiaLite BLOB (plain XY POLYGON or MULTIPOLYGON) as lists of rings."""
    import struct
    endian = "<" if blob[1] == 1 else ">"
    kind = struct.unpack_from(endian + "i", blob, 39)[0]
    offset = 43

    def polygon(offset):
        (rings,) = struct.unpack_from(endian + "i", blob, offset)
        offset += 4
        result = []
        for _ in range(rings):
            (n,) = struct.unpack_from(endian + "i", blob, offset)
            offset += 4
            result.append(np.frombuffer(blob, dtype=endian + "f8", count=2 * n, offset=offset).reshape(n, 2))
            offset += 16 * n
        return result, offset

    if kind == 3:
        return [polygon(offset)[0]]
    if kind != 6:
        raise ValueError(f"geometry class {kind} is not a plain polygon or multipolygon")
    (count,) = struct.unpack_from(endian + "i", blob, offset)
    offset += 4
    polygons = []
    for _ in range(count):
        rings, offset = polygon(offset + 5)  # 0x69 marker and the entity's class
        polygons.append(rings)
    return polygons


def coverage(db, out):
    import shapely
    from pyproj import Transformer
    forward = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cams = pd.read_sql_query("SELECT lon, lat, heading_deg, fov_deg, range_m FROM cameras WHERE status = 'active'", connection)
    cx, cy = forward.transform(cams["lon"].to_numpy(), cams["lat"].to_numpy())
    sectors = []
    for x, y, heading, fov, reach in zip(cx, cy, cams["heading_deg"], cams["fov_deg"], cams["range_m"]):
        if pd.isna(heading) or pd.isna(fov) or fov >= 360:
            sectors.append(shapely.Point(x, y).buffer(reach, 8))  # 32 sides, as geoq draws a full circle
            continue
        angles = np.radians(heading - fov / 2 + fov * np.linspace(0, 1, 33))
        arc = np.column_stack([x + reach * np.sin(angles), y + reach * np.cos(angles)])
        sectors.append(shapely.Polygon(np.vstack([[x, y], arc, [x, y]])))
    sectors = np.array(sectors)
    tips = read(db, "lon, lat, category, commune_code")
    tx, ty = forward.transform(tips["lon"].to_numpy(), tips["lat"].to_numpy())
    points = shapely.points(tx, ty)
    tree = shapely.STRtree(sectors)
    seen = np.zeros(len(points), dtype=bool)
    seen[np.unique(tree.query(points, predicate="intersects")[0])] = True  # edges count as seen, as in geoq
    tips["seen"] = seen
    union = shapely.union_all(sectors)
    areas = {}
    for code, blob in connection.execute("SELECT code, geom FROM regions WHERE level = 'commune' AND valid_to IS NULL"):
        polygons = []
        for rings in spatialite_polygons(blob):
            projected = [np.column_stack(forward.transform(r[:, 0], r[:, 1])) for r in rings]
            polygons.append(shapely.Polygon(projected[0], projected[1:]))
        commune = shapely.MultiPolygon(polygons)
        if commune.intersects(union):
            areas[code] = commune.intersection(union).area
    per_commune = tips.groupby("commune_code")["seen"].agg(["size", "sum"])
    json.dump({"tips": int(len(tips)), "seen": int(seen.sum()),
               "communes": [{"commune": c, "tips": int(r["size"]), "seen": int(r["sum"]), "covered_m2": areas.get(c, 0.0)} for c, r in per_commune.iterrows()],
               "categories": tips.groupby("category")["seen"].sum().astype(int).to_dict()}, out)


def stats(db, out):
    frame = read(db, "commune_code, category")
    frame.groupby("commune_code", dropna=False).size().rename("tips").to_csv(out)


def tips(db, out):
    read(db, "id, external_id, reported_at, category, channel, lon, lat, province_code, commune_code, neighbourhood_code, status, description").to_csv(out, index=False, float_format="%.6f")


if __name__ == "__main__":
    task, database, output = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(output, "w") as out:
        {"hotspots": hotspots, "clusters": clusters, "coverage": coverage, "stats": stats, "tips": tips}[task](database, out)
