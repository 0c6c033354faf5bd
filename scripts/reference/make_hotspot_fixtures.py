"""Reference-number fixtures for the hotspot statistics of GeoIncidents.

Writes into Tests/GeoIncidentsTests/Fixtures/hotspots/ (paths relative to the repo root):
  columbus_global.json     global Moran's I (queen, rook) and Geary's C (rook) of Columbus CRIME
  columbus_local.csv       per-polygon Gi* (row-standardised and binary) and local Moran (LISA)
  columbus_queen.csv       libpysal queen neighbour lists (0-based row indices)
  columbus_rook.csv        libpysal rook neighbour lists (0-based row indices)
  mann_kendall.json        Mann-Kendall original test on 8 deterministic series
  fdr_bh.json              Benjamini-Hochberg adjusted p-values for 3 vectors
  kde_quartic.json         direct-sum quartic (biweight) kernel density on a 10x8 grid
  gistar_grid_zeros.json   Gi* (binary, star) on a 12x9 lattice of counts including zeros
Floats are written with repr(), i.e. the shortest string that round-trips to the same double.

Produced with: Python 3.11.7, esda 2.9.0, libpysal 4.14.1, numpy 2.4.6, scipy 1.17.1,
geopandas 1.2.0, shapely 2.2.0, pymannkendall 1.4.3 (the script asserts these versions).
Input: /work/shared/data/columbus-crime/columbus.shp (49 polygons, libpysal example 'columbus').
Rerun from the repo root:  /tmp/peervenv/bin/python scripts/reference/make_hotspot_fixtures.py
"""
import csv, json, os, sys
import esda, geopandas as gpd, libpysal, numpy as np, pymannkendall as mk, scipy
from scipy import stats
from libpysal.weights import Queen, Rook, lat2W

VERSIONS = {"python": sys.version.split()[0], "esda": esda.__version__, "libpysal": libpysal.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__, "geopandas": gpd.__version__,
            "pymannkendall": mk.__version__}
EXPECTED = {"esda": "2.9.0", "libpysal": "4.14.1", "numpy": "2.4.6", "scipy": "1.17.1",
            "geopandas": "1.2.0", "pymannkendall": "1.4.3"}
for k, v in EXPECTED.items():
    assert VERSIONS[k] == v, f"{k} {VERSIONS[k]} != {v}: fixtures would not be reproducible"

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "GeoIncidentsTests", "Fixtures", "hotspots")
DATA = "/work/shared/data/columbus-crime/columbus.shp"
os.makedirs(OUT, exist_ok=True)
F = lambda x: float(x)                      # plain Python float -> json writes repr()
R = lambda x: repr(float(x))                # CSV cell with full precision


def dump(name, obj):
    with open(os.path.join(OUT, name), "w") as fh:
        json.dump(obj, fh, indent=1, allow_nan=False)
        fh.write("\n")


# ---------------------------------------------------------------- Columbus
df = gpd.read_file(DATA)                    # file order = row order = index 0..48
y = df["CRIME"].to_numpy(dtype=float)
queen = lambda: Queen.from_dataframe(df, use_index=False)   # fresh W each time: esda mutates w.transform
rook = lambda: Rook.from_dataframe(df, use_index=False)
assert list(queen().id_order) == list(range(len(df)))

# queen from geometry must equal the shipped columbus.gal (ids there are POLYID)
gal = libpysal.io.open(DATA.replace(".shp", ".gal")).read()
pid = df["POLYID"].astype(int).tolist()
qn = queen().neighbors
assert all(sorted(pid[j] for j in qn[i]) == sorted(int(v) for v in gal.neighbors[str(pid[i])])
           for i in range(len(df))), "queen != columbus.gal"


def moran_dict(w):
    m = esda.Moran(y, w, transformation="r", permutations=0)   # two_tailed=True (default)
    return {"I": F(m.I), "EI": F(m.EI), "VI_norm": F(m.VI_norm), "z_norm": F(m.z_norm),
            "p_norm": F(m.p_norm)}


g = esda.Geary(y, rook(), transformation="r", permutations=0)
glob = {
    "source": "esda.Moran(CRIME, W, transformation='r', permutations=0); esda.Geary(CRIME, W_rook, "
              "transformation='r', permutations=0); W from libpysal Queen/Rook.from_dataframe(use_index=False)",
    "versions": VERSIONS,
    "p_convention": "Moran p_norm: TWO-sided, 2*norm.sf(|z_norm|) (esda default two_tailed=True). "
                    "Geary p_norm: ONE-sided in the direction of the deviation (norm.sf(z) if C>1 else norm.cdf(z)).",
    "n": len(y), "queen": moran_dict(queen()), "rook": moran_dict(rook()),
    "geary_rook": {"C": F(g.C), "EC": F(g.EC), "VC_norm": F(g.VC_norm), "z_norm": F(g.z_norm),
                   "p_norm": F(g.p_norm)},
}
assert round(glob["queen"]["I"], 6) == 0.500189, glob["queen"]["I"]
assert round(glob["rook"]["I"], 6) == 0.523670, glob["rook"]["I"]
assert abs(glob["geary_rook"]["C"] - 0.5154408058652411) < 1e-12
dump("columbus_global.json", glob)


def binary(wf):
    w = wf(); w.transform = "B"; return w  # zero diagonal; G_Local(star=True) puts 1 on it


gr = esda.G_Local(y, binary(queen), transform="R", star=True, permutations=0)
gb = esda.G_Local(y, binary(queen), transform="B", star=True, permutations=0)
lm = esda.Moran_Local(y, queen(), transformation="r", permutations=0)
lisa_z = (lm.Is - lm.EI) / np.sqrt(lm.VI)
# Column provenance (documented again in README.md):
#  gstar_r_g      = G_Local(CRIME, queen, transform='R', star=True, permutations=0).Gs
#                   (self-weight 1 added to binary queen, then row-standardised)
#  gstar_r_z      = same object .Zs (analytical z, esda calc())
#  gstar_b_z      = G_Local(CRIME, queen, transform='B', star=True, permutations=0).Zs
#  gstar_r_p_norm = same object as gstar_r_z, .p_norm = norm.sf(|Zs|): ONE-sided (upper tail of |z|)
#  lisa_i         = Moran_Local(CRIME, queen, transformation='r', permutations=0).Is
#  lisa_z         = (Is - EI) / sqrt(VI), esda's analytical total-randomisation moments
#                   (Anselin 1995 / Sokal et al. 1998 eqs A3, A4*), not the permutation z_sim
#  lisa_q         = .q: 1 HH, 2 LH, 3 LL, 4 HL (geoda_quads=False)
with open(os.path.join(OUT, "columbus_local.csv"), "w", newline="") as fh:
    wr = csv.writer(fh, lineterminator="\n")
    wr.writerow(["index", "POLYID", "CRIME", "gstar_r_g", "gstar_r_z", "gstar_b_z",
                 "gstar_r_p_norm", "lisa_i", "lisa_z", "lisa_q"])
    for i in range(len(y)):
        wr.writerow([i, pid[i], R(y[i]), R(gr.Gs[i]), R(gr.Zs[i]), R(gb.Zs[i]), R(gr.p_norm[i]),
                     R(lm.Is[i]), R(lisa_z[i]), int(lm.q[i])])

for name, wf in (("columbus_queen.csv", queen), ("columbus_rook.csv", rook)):
    nb = wf().neighbors
    with open(os.path.join(OUT, name), "w", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["index", "neighbors"])
        for i in range(len(df)):
            wr.writerow([i, " ".join(str(j) for j in sorted(nb[i]))])

# ---------------------------------------------------------------- Mann-Kendall
rng = np.random.default_rng(42)
series = {
    "len4_increasing_with_tie": [1.0, 2.0, 2.0, 3.0],
    "len10_strictly_increasing": [0.3 + 1.5 * t for t in range(10)],
    "len12_strictly_decreasing": [50.0 - 3.25 * t for t in range(12)],
    "len8_constant": [5.0] * 8,
    "len15_many_ties": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9],
    "len30_noisy_seed42": [round(float(v), 6) for v in rng.normal(0, 1, 30) + 0.03 * np.arange(30)],
    "len26_weekly_counts_zeros_seed43": np.random.default_rng(43).poisson(0.6, 26).tolist(),
    "len20_weekly_counts_rising_seed44": np.random.default_rng(44).poisson(
        np.linspace(0.1, 3.0, 20)).tolist(),
}
mk_out = {"source": "pymannkendall.original_test(x, alpha=0.05), cross-checked against an independent "
                    "S / tie-corrected var_S implementation and scipy.stats.kendalltau (tau-b, x vs time)",
          "versions": VERSIONS,
          "p_convention": "TWO-sided: p = 2*(1-norm.cdf(|Z|)), Z = (S-1)/sqrt(var_S) if S>0, 0 if S==0, "
                          "(S+1)/sqrt(var_S) if S<0; trend by |Z| > norm.ppf(0.975)",
          "tau_definition": "tau = S / (n(n-1)/2) (tau-a, as pymannkendall); tau_b_scipy given for reference",
          "series": []}
for name, x in series.items():
    x = [float(v) for v in x]; a = np.asarray(x); n = len(a)
    r = mk.original_test(a, alpha=0.05)
    S = sum(np.sign(a[j] - a[i]) for i in range(n) for j in range(i + 1, n))
    _, t = np.unique(a, return_counts=True)
    varS = (n * (n - 1) * (2 * n + 5) - np.sum(t * (t - 1) * (2 * t + 5))) / 18.0
    assert S == r.s and abs(varS - r.var_s) < 1e-9, name
    n0 = n * (n - 1) / 2; n1 = float(np.sum(t * (t - 1) / 2))
    tau_b = stats.kendalltau(np.arange(n), a).statistic if n1 < n0 else float("nan")
    if n1 < n0:
        assert abs(tau_b * np.sqrt(n0 * (n0 - n1)) - S) < 1e-9, name
    mk_out["series"].append({"name": name, "x": x, "n": n, "S": F(r.s), "var_S": F(r.var_s),
                             "Z": F(r.z), "p": F(r.p), "tau": F(r.Tau),
                             "tau_b_scipy": None if np.isnan(tau_b) else F(tau_b), "trend": r.trend})
dump("mann_kendall.json", mk_out)

# ---------------------------------------------------------------- Benjamini-Hochberg
vecs = {
    "len20_with_ties": [0.041, 0.001, 0.216, 0.008, 0.041, 0.039, 0.6, 0.041, 0.216, 0.074,
                        0.205, 0.251, 0.0005, 0.269, 0.34, 0.34, 0.384, 0.569, 0.016, 0.696],
    "len200_uniform_cubed_seed7": (np.random.default_rng(7).uniform(size=200) ** 3).tolist(),
    "len10_all_above_half": [0.51, 0.99, 0.62, 0.75, 0.5001, 0.88, 0.62, 0.97, 0.7, 1.0],
}
fdr = {"source": "scipy.stats.false_discovery_control(p, method='bh'); significant = adjusted <= 0.05",
       "versions": VERSIONS, "p_convention": "inputs are given p-values; outputs are BH-adjusted (q) values",
       "vectors": []}
for name, p in vecs.items():
    q = stats.false_discovery_control(np.asarray(p), method="bh")
    fdr["vectors"].append({"name": name, "p": [F(v) for v in p], "p_adjusted": [F(v) for v in q],
                           "significant_0_05": [bool(v <= 0.05) for v in q]})
dump("fdr_bh.json", fdr)

# ---------------------------------------------------------------- quartic KDE
r_bw, cell, nx, ny = 120.0, 50.0, 10, 8
prng = np.random.default_rng(2024)
pts = np.column_stack([np.round(prng.uniform(0, nx * cell, 15), 1), np.round(prng.uniform(0, ny * cell, 15), 1)])
dens = []
for iy in range(ny):
    for ix in range(nx):
        cx, cy = (ix + 0.5) * cell, (iy + 0.5) * cell
        s = 0.0
        for px, py in pts:
            d2 = (cx - px) ** 2 + (cy - py) ** 2
            if d2 < r_bw * r_bw:
                s += 3.0 / (np.pi * r_bw * r_bw) * (1.0 - d2 / (r_bw * r_bw)) ** 2
        dens.append(s)
dump("kde_quartic.json", {
    "source": "direct sum in numpy (this script), no library; ArcGIS quartic kernel, population weight 1",
    "formula": "density(c) = sum_i 3/(pi r^2) * (1 - (d_i/r)^2)^2 for d_i < r, else 0",
    "versions": VERSIONS, "bandwidth_m": r_bw, "cell_size_m": cell, "nx": nx, "ny": ny,
    "origin": [0.0, 0.0], "cell_centre": "((ix+0.5)*cell, (iy+0.5)*cell)", "order": "row-major, iy outer, ix inner",
    "points": [[F(a), F(b)] for a, b in pts],
    "density_per_m2": [F(v) for v in dens], "density_per_km2": [F(v * 1e6) for v in dens]})

# ---------------------------------------------------------------- Gi* on a lattice with zeros
gx, gy = 12, 9
lrng = np.random.default_rng(99)
counts = lrng.poisson(0.35, (gy, gx))
counts[5:8, 7:10] += lrng.poisson(5.0, (3, 3))             # hot cluster, rows 5-7, cols 7-9
flat = counts.reshape(-1).astype(float)                     # index = iy*12 + ix
wl = lat2W(nrows=gy, ncols=gx, rook=False)                  # id = row*ncols + col, queen, no self
assert set(wl.neighbors[0]) == {1, gx, gx + 1}
wl.transform = "B"
gl = esda.G_Local(flat, wl, transform="B", star=True, permutations=0)
dump("gistar_grid_zeros.json", {
    "source": "esda.G_Local(counts, lat2W(nrows=9, ncols=12, rook=False), transform='B', star=True, "
              "permutations=0): binary queen contiguity among all cells, self-weight 1 added by esda",
    "versions": VERSIONS, "nx": gx, "ny": gy, "order": "row-major, iy outer, ix inner (index = iy*12+ix)",
    "p_convention": "p_two_sided = 2*(1-norm.cdf(|z|)); p_norm_esda = esda's .p_norm = norm.sf(|z|) (one-sided)",
    "counts": [int(v) for v in flat], "G": [F(v) for v in gl.Gs], "z": [F(v) for v in gl.Zs],
    "p_two_sided": [F(2 * (1 - stats.norm.cdf(abs(v)))) for v in gl.Zs],
    "p_norm_esda": [F(v) for v in gl.p_norm]})

print("queen I", glob["queen"]["I"], "rook I", glob["rook"]["I"], "->", OUT)
