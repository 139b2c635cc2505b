#!/usr/bin/python3
"""Independent reference values for dev.gradlens.metrics (MetricsReferenceTest, SimilarityReferenceTest).

Written from the papers, not from the Java code:
  * Average Drop / Increase in Confidence: Chattopadhyay et al. 2018 (Grad-CAM++), Sec. 6.1;
  * deletion / insertion: Petsiuk et al. 2018 (RISE), Sec. 4.1 (blur: 11-tap Gaussian, sigma 5,
    zero padding, as RISE's code);
  * ROAD noisy linear imputation: Rong et al. 2022, Sec. 4.2 (weights 1/6 direct, 1/12 diagonal),
    solved here with a dense NumPy solve, noise 0;
  * Spearman rank correlation (average ranks for ties) and SSIM (Wang et al. 2004) with a 7x7 uniform
    window, sample covariance, K1 = 0.01, K2 = 0.03, data range 1, mean over the valid windows
    (scikit-image's structural_similarity defaults), re-implemented in NumPy.
The model is a small CNN built and exported here with torch.onnx; scores are computed with torch.

Run offline with Debian's torch:  /usr/bin/python3 src/test/python/metrics_reference.py
Writes src/test/resources/dev/gradlens/metrics/{tiny-metrics.onnx, tiny-metrics.gradlens.json, reference.json}.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "gradlens", "metrics")
H = W = 32
MEAN = np.array([0.485, 0.456, 0.406])
STD = np.array([0.229, 0.224, 0.225])


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, padding=1)
        self.c2 = nn.Conv2d(8, 8, 3, stride=2, padding=1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = torch.relu(self.c1(x))
        x = torch.relu(self.c2(x))
        return self.fc(x.mean(dim=(2, 3)))


def probs(model, batch):
    with torch.no_grad():
        logits = model(torch.from_numpy(np.ascontiguousarray(batch, dtype=np.float32))).double()
    return torch.softmax(logits, dim=1).numpy()


def upsample(m, h, w):
    """ReLU, then bilinear with half-pixel centres, align_corners=False, edges clamped (float64)."""
    m = np.maximum(m.astype(np.float64), 0)
    def axis(n_in, n_out):
        pos = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
        i0 = np.minimum(np.floor(pos).astype(int), n_in - 1)
        i1 = np.minimum(i0 + 1, n_in - 1)
        f = pos - i0
        return i0, i1, f
    y0, y1, fy = axis(m.shape[0], h)
    x0, x1, fx = axis(m.shape[1], w)
    rows = m[:, x0] * (1 - fx) + m[:, x1] * fx
    out = rows[y0, :] * (1 - fy)[:, None] + rows[y1, :] * fy[:, None]
    return out.astype(np.float32)


def explanation_mask(up):
    lo, hi = up.min(), up.max()
    return ((up.astype(np.float64) - lo) / (float(hi) - float(lo)))


def gaussian_blur(x):
    k = np.exp(-np.arange(-5, 6) ** 2 / (2 * 25.0))
    k /= k.sum()
    t = torch.from_numpy(x[None].astype(np.float64))
    kern = torch.from_numpy(np.outer(k, k))[None, None].repeat(3, 1, 1, 1)
    return torch.nn.functional.conv2d(t, kern, padding=5, groups=3)[0].numpy()


def impute(x, removed):
    """ROAD linear imputation, noise 0: dense solve of the neighbour-mean equations per channel."""
    out = x.astype(np.float64).copy()
    idx = np.flatnonzero(removed.ravel())
    slot = {p: i for i, p in enumerate(idx)}
    m = len(idx)
    A = np.zeros((m, m))
    B = np.zeros((3, m))
    for i, p in enumerate(idx):
        y, xx = divmod(p, W)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                if dy == 0 and dx == 0:
                    continue
                yy, xq = y + dy, xx + dx
                if not (0 <= yy < H and 0 <= xq < W):
                    continue
                wt = 1 / 6 if dy == 0 or dx == 0 else 1 / 12
                A[i, i] += wt
                q = yy * W + xq
                if q in slot:
                    A[i, slot[q]] -= wt
                else:
                    B[:, i] += wt * x[:, yy, xq]
    sol = np.linalg.solve(A, B.T).T
    for c in range(3):
        flat = out[c].ravel()
        flat[idx] = sol[c]
        out[c] = flat.reshape(H, W)
    return out


def scores_for(model, x, cls, relevance, steps):
    Y = probs(model, x[None])[0, cls]
    up = relevance
    E = explanation_mask(up)
    pixels = x * STD[:, None, None] + MEAN[:, None, None]
    masked = (pixels * E - MEAN[:, None, None]) / STD[:, None, None]
    O = probs(model, masked[None])[0, cls]
    order = np.argsort(-up.ravel(), kind="stable")
    N = H * W
    dele, ins = [], []
    blurred = gaussian_blur(x)
    for k in range(steps + 1):
        n = k * N // steps
        chosen = np.zeros(N, bool)
        chosen[order[:n]] = True
        chosen = chosen.reshape(H, W)
        dele.append(np.where(chosen[None], 0.0, x))
        ins.append(np.where(chosen[None], x, blurred))
    pd = probs(model, np.stack(dele))[:, cls]
    pi = probs(model, np.stack(ins))[:, cls]
    auc = lambda c: (c.sum() - (c[0] + c[-1]) / 2) / (len(c) - 1)
    road = {}
    for name, sel in (("morf", lambda n: order[:n]), ("lerf", lambda n: order[N - n:])):
        imgs = []
        for level in range(10, 100, 10):
            n = level * N // 100
            rem = np.zeros(N, bool)
            rem[sel(n)] = True
            imgs.append(impute(x, rem.reshape(H, W)))
        road[name] = probs(model, np.stack(imgs))[:, cls]
    return {
        "Y": float(Y), "masked_score": float(O), "average_drop": float(max(0.0, Y - O) / Y), "increase": int(O > Y),
        "deletion_curve": pd.tolist(), "insertion_curve": pi.tolist(),
        "deletion_auc": float(auc(pd)), "insertion_auc": float(auc(pi)),
        "road_morf_curve": road["morf"].tolist(), "road_lerf_curve": road["lerf"].tolist(),
        "road_morf": float(road["morf"].mean()), "road_lerf": float(road["lerf"].mean()),
    }


def ranks(v):
    order = np.argsort(v, kind="stable")
    r = np.empty(len(v))
    sv = v[order]
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and sv[j + 1] == sv[i]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a.ravel().astype(np.float64)), ranks(b.ravel().astype(np.float64))
    return float(np.corrcoef(ra, rb)[0, 1])


def ssim(a, b, win=7):
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    win = min(win, a.shape[0], a.shape[1])
    if win % 2 == 0:
        win -= 1
    n = win * win
    c1, c2 = (0.01) ** 2, (0.03) ** 2
    vals = []
    for y in range(a.shape[0] - win + 1):
        for x in range(a.shape[1] - win + 1):
            pa, pb = a[y:y + win, x:x + win], b[y:y + win, x:x + win]
            ma, mb = pa.mean(), pb.mean()
            va = ((pa - ma) ** 2).sum() / (n - 1)
            vb = ((pb - mb) ** 2).sum() / (n - 1)
            cov = ((pa - ma) * (pb - mb)).sum() / (n - 1)
            vals.append(((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2)))
    return float(np.mean(vals))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(3)
    model = Tiny().eval()
    onnx_path = os.path.join(OUT, "tiny-metrics.onnx")
    torch.onnx.export(model, torch.zeros(1, 3, H, W), onnx_path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, opset_version=13)
    with open(os.path.join(OUT, "tiny-metrics.gradlens.json"), "w") as f:
        json.dump({"name": "tiny metrics reference CNN",
                   "input": {"name": "input", "layout": "NCHW", "size": [W, H], "color": "RGB", "resize": "stretch",
                             "scale": 1 / 255, "mean": MEAN.tolist(), "std": STD.tolist()},
                   "output": {"name": "logits", "kind": "logits"}}, f, indent=1)

    rng = np.random.default_rng(7)
    pixels = rng.uniform(0, 1, size=(3, H, W))
    x = ((pixels - MEAN[:, None, None]) / STD[:, None, None]).astype(np.float32)
    cls = int(np.argmax(probs(model, x[None])[0]))
    cam8 = np.maximum(rng.normal(size=(8, 8)), 0).astype(np.float32)   # a CAM-like map with zeros
    map32 = rng.permutation(H * W).reshape(H, W).astype(np.float32) / (H * W)  # distinct values
    ref = {"input": x.ravel().tolist(), "class": cls, "cam8": cam8.ravel().tolist(), "map32": map32.ravel().tolist()}
    ref["steps"] = 8
    ref["cam8_scores"] = scores_for(model, x, cls, upsample(cam8, H, W), 8)
    ref["map32_scores"] = scores_for(model, x, cls, upsample(map32, H, W), 8)
    black = ((0 - MEAN[:, None, None]) / STD[:, None, None] * np.ones((3, H, W))).astype(np.float32)
    ref["black_score"] = float(probs(model, black[None])[0, cls])
    # Similarity measures on fixed maps (ties included).
    a = np.maximum(rng.normal(size=(7, 7)), 0).round(1)
    b = a + rng.normal(scale=0.3, size=(7, 7))
    c = rng.uniform(size=(16, 16))
    d = 0.6 * c + 0.4 * rng.uniform(size=(16, 16))
    ref["similarity"] = {"a": a.ravel().tolist(), "b": b.ravel().tolist(), "c": c.ravel().tolist(), "d": d.ravel().tolist(),
                         "spearman_ab": spearman(a, b), "spearman_cd": spearman(c, d),
                         "ssim_cd": ssim(c, d), "ssim_ab01": ssim(a / a.max(), np.clip(b, 0, None) / np.clip(b, 0, None).max())}
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f)
    print("class", cls, "Y", ref["cam8_scores"]["Y"], "drop cam8", ref["cam8_scores"]["average_drop"])


if __name__ == "__main__":
    main()
