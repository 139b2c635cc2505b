#!/usr/bin/python3
"""Independent reference values for the audit's localisation measures (dev.gradlens.audit).

Writes src/test/resources/dev/gradlens/audit/localisation-reference.json: random CAMs (with negative
values, which the ReLU removes), regions as boxes and RLE masks, and for each case the energy share
of every region (positive mass of the upsampled map inside the region / total positive mass) and the
map's peak (first row-major argmax of the upsampled map). Upsampling: torch.nn.functional.interpolate
(bilinear, align_corners=False) in float64, rounded to float32, for maps over the whole image; for a
map over a centre crop, a plain NumPy loop of the documented placement (pixel centre inside the seen
part, u = (x + 0.5 - x0) * w / seen_w - 0.5, clamped). Run offline: /usr/bin/python3 src/tools/localisation_reference.py
"""
import json
import os

import numpy as np
import torch

rng = np.random.default_rng(20261204)


def rle(mask):
    flat = mask.reshape(-1).astype(bool)
    counts, cur, run = [], False, 0
    for v in flat:
        if v == cur:
            run += 1
        else:
            counts.append(run)
            cur, run = v, 1
    counts.append(run)
    return counts


def upsample_whole(m, H, W):
    t = torch.from_numpy(np.maximum(m, 0).astype(np.float64))[None, None]
    u = torch.nn.functional.interpolate(t, size=(H, W), mode="bilinear", align_corners=False)
    return u[0, 0].numpy().astype(np.float32)


def sample(m, u, v):
    h, w = m.shape
    cu = min(max(u, 0.0), w - 1)
    cv = min(max(v, 0.0), h - 1)
    x0, y0 = int(np.floor(cu)), int(np.floor(cv))
    x1, y1 = min(x0 + 1, w - 1), min(y0 + 1, h - 1)
    fx, fy = cu - x0, cv - y0
    top = m[y0, x0] * (1 - fx) + m[y0, x1] * fx
    bot = m[y1, x0] * (1 - fx) + m[y1, x1] * fx
    return top * (1 - fy) + bot * fy


def upsample_seen(m, H, W, seen):
    sx, sy, sw, sh = seen
    r = np.maximum(m, 0).astype(np.float64)
    h, w = m.shape
    out = np.zeros((H, W), dtype=np.float32)
    for y in range(H):
        cy = y + 0.5
        if cy < sy or cy > sy + sh:
            continue
        for x in range(W):
            cx = x + 0.5
            if cx < sx or cx > sx + sw:
                continue
            out[y, x] = sample(r, (cx - sx) * w / sw - 0.5, (cy - sy) * h / sh - 0.5)
    return out


def random_mask(H, W):
    yy, xx = np.mgrid[0:H, 0:W]
    cy, cx = rng.uniform(0, H), rng.uniform(0, W)
    ry, rx = rng.uniform(2, H / 3), rng.uniform(2, W / 3)
    return ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1.0


cases = []
specs = [(16, 16, 128, 128, None), (7, 7, 50, 37, None), (7, 7, 224, 224, None), (14, 10, 97, 131, None),
         (4, 4, 9, 9, None), (7, 7, 40, 30, [5.0, 0.0, 30.0, 30.0]), (5, 5, 33, 47, [0.0, 7.5, 33.0, 33.0])]
for (w, h, W, H, seen) in specs:
    m = rng.normal(0.0, 1.0, size=(h, w)).astype(np.float32)
    m += np.float32(0.3)
    U = upsample_whole(m, H, W) if seen is None else upsample_seen(m, H, W, seen)
    regions = []
    masks = []
    for k in range(3):
        if k == 0:
            x0, y0 = int(rng.integers(0, W // 2)), int(rng.integers(0, H // 2))
            x1, y1 = int(rng.integers(x0 + 1, W + 1)), int(rng.integers(y0 + 1, H + 1))
            mk = np.zeros((H, W), bool)
            mk[y0:y1, x0:x1] = True
            regions.append({"box": [x0, y0, x1, y1]})
        else:
            mk = random_mask(H, W)
            if not mk.any():
                mk[H // 2, W // 2] = True
            regions.append({"rle": rle(mk)})
        masks.append(mk)
    total = float(U.astype(np.float64).sum())
    shares = [float(U.astype(np.float64)[mk].sum() / total) for mk in masks]
    union = np.logical_or.reduce(masks)
    background = float(U.astype(np.float64)[~union].sum() / total)
    peak = int(np.argmax(U.reshape(-1)))
    cases.append({"mapWidth": w, "mapHeight": h, "imageWidth": W, "imageHeight": H, "seen": seen,
                  "map": [float(v) for v in m.reshape(-1)], "regions": regions, "shares": shares,
                  "background": background, "peak": peak,
                  "peakInRegion": [bool(mk.reshape(-1)[peak]) for mk in masks]})

out = os.path.join(os.path.dirname(__file__), "..", "test", "resources", "dev", "gradlens", "audit",
                   "localisation-reference.json")
with open(out, "w") as f:
    json.dump({"generator": "src/tools/localisation_reference.py", "torch": torch.__version__,
               "numpy": np.__version__, "cases": cases}, f)
print("wrote", os.path.normpath(out), len(cases), "cases")
