#!/usr/bin/python3
"""Build-time trainer for GradLens' two "teaching" models (scenes-clean, scenes-biased).

Reads scene sets written by the Java generator (dev.gradlens.scenes.GenerateScenesMain; see src/train/train.sh),
trains a small ResNet-style CNN on each training set, exports ONNX (opset 13, BatchNorm folded, input "input",
output "logits"), checks the exported graph against PyTorch with a small NumPy interpreter, measures held-out
top-1, the Grad-CAM pointing game and the badge-mass of the biased class, and writes descriptors, labels,
metrics and model cards into the models directory.

Not part of the application: needs Debian's python3-torch (1.13), python3-onnx, python3-numpy, python3-pil.
Run with /usr/bin/python3.
"""
import argparse
import datetime
import glob
import json
import math
import os
import platform
import re
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper
from PIL import Image

MODEL_NAMES = ("scenes-clean", "scenes-biased")
LABELS_FILE = "scenes-labels.txt"
METRICS_FILE = "scenes-metrics.json"
FEATURE_TENSOR = "block3_relu"   # the last residual block's ReLU output, renamed in the exported graph
DATA_SETS = ("train-clean", "train-biased", "test-single", "test-single-natural", "test-seen", "test-badge", "test-catdog",
             "test-catdog-seen")
WIDTHS = (16, 32, 32, 64, 128)
OPTIMIZER_TEXT = {"sgd": "SGD, Nesterov momentum 0.9, weight decay 5e-4, one-cycle schedule, label smoothing 0.05",
                  "adamw": "AdamW, weight decay 0.05, one-cycle schedule, label smoothing 0.05"}
LABEL_RE_IMAGE = re.compile(r'"image": "([^"]+)"')
LABEL_RE_INDEX = re.compile(r'"label_index": (\d+)')


# ----------------------------------------------------------------------------------------------- data

def rle_decode(counts, n):
    m = np.zeros(n, bool)
    p, v = 0, False
    for c in counts:
        if v:
            m[p:p + c] = True
        p += c
        v = not v
    if p != n:
        raise ValueError("RLE covers %d of %d pixels" % (p, n))
    return m


def load_set(directory, truth=False, limit=None):
    """Images [N,H,W,3] uint8, labels [N] int64 and (optionally) the parsed ground-truth documents."""
    files = sorted(f for f in glob.glob(os.path.join(directory, "*.json")) if os.path.basename(f) != "dataset.json")
    files = files[:limit] if limit else files
    if not files:
        raise SystemExit("no scenes in %s (run src/train/train.sh)" % directory)
    first = json.load(open(files[0]))
    h, w = first["height"], first["width"]
    x = np.empty((len(files), h, w, 3), np.uint8)
    y = np.empty(len(files), np.int64)
    docs = []
    for i, f in enumerate(files):
        if truth:
            d = json.load(open(f))
            docs.append(d)
        else:  # labels only: skip parsing the masks
            text = open(f).read()
            d = {"image": LABEL_RE_IMAGE.search(text).group(1), "label_index": int(LABEL_RE_INDEX.search(text).group(1))}
        with Image.open(os.path.join(directory, d["image"])) as im:
            x[i] = np.asarray(im.convert("RGB"))
        y[i] = d["label_index"]
    return x, y, docs


def to_tensor(x_uint8, mean, std):
    t = torch.from_numpy(x_uint8).permute(0, 3, 1, 2).float().div_(255.0)
    return (t - mean.view(1, 3, 1, 1)) / std.view(1, 3, 1, 1)


# ---------------------------------------------------------------------------------------------- model

def conv_bn_relu(cin, cout, stride):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class Block(nn.Module):
    """Basic residual block: conv-bn-relu, conv-bn, + shortcut (1x1 conv-bn when the shape changes), relu."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        self.relu = nn.ReLU(inplace=False)

    def forward(self, x):
        y = self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(x)))))
        return self.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class SceneNet(nn.Module):
    """128x128 RGB -> stem (two stride-2 convs) -> 3 residual blocks (stride 8 overall, 16x16 maps) -> GAP -> Gemm."""

    def __init__(self, n_classes, widths=WIDTHS):
        super().__init__()
        w0, w1, w2, w3, w4 = widths
        self.stem = nn.Sequential(conv_bn_relu(3, w0, 2), conv_bn_relu(w0, w1, 2))
        self.block1 = Block(w1, w2)
        self.block2 = Block(w2, w3, 2)
        self.block3 = Block(w3, w4)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(w4, n_classes)

    def features(self, x):
        return self.block3(self.block2(self.block1(self.stem(x))))

    def head(self, a):
        return self.fc(self.flatten(self.pool(a)))

    def forward(self, x):
        return self.head(self.features(x))


# ------------------------------------------------------------------------------------------- training

def augment(xb, pad=8):
    """Random horizontal flip and random translation (reflect padding) per sample."""
    n, _, h, w = xb.shape
    flip = torch.rand(n) < 0.5
    xb = torch.where(flip.view(n, 1, 1, 1), xb.flip(3), xb)
    padded = F.pad(xb, (pad, pad, pad, pad), mode="reflect")
    ox = torch.randint(0, 2 * pad + 1, (n,))
    oy = torch.randint(0, 2 * pad + 1, (n,))
    return torch.stack([padded[i, :, oy[i]:oy[i] + h, ox[i]:ox[i] + w] for i in range(n)])


def train_model(name, x, y, mean, std, n_classes, epochs, batch, lr, seed, log, sizes=None, optimizer="sgd"):
    """SGD with a one-cycle schedule. sizes: optional training resolution per epoch (progressive resizing: early
    epochs on downscaled scenes are cheaper; the network is fully convolutional up to the global pool)."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = SceneNet(n_classes)
    decay, no_decay = [], []
    for pname, p in model.named_parameters():
        (no_decay if p.ndim == 1 else decay).append(p)
    groups = [{"params": decay, "weight_decay": 5e-4 if optimizer == "sgd" else 0.05},
              {"params": no_decay, "weight_decay": 0.0}]
    if optimizer == "sgd":
        opt = torch.optim.SGD(groups, lr=lr, momentum=0.9, nesterov=True)
    else:
        opt = torch.optim.AdamW(groups, lr=lr)
    steps_per_epoch = len(x) // batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * steps_per_epoch, pct_start=0.2)
    t0, c0 = time.time(), time.process_time()
    for epoch in range(epochs):
        model.train()
        perm = rng.permutation(len(x))
        total, correct, loss_sum = 0, 0, 0.0
        for s in range(steps_per_epoch):
            idx = np.sort(perm[s * batch:(s + 1) * batch])
            xb = augment(to_tensor(x[idx], mean, std))
            if sizes and sizes[epoch] != xb.shape[-1]:
                xb = F.interpolate(xb, size=(sizes[epoch], sizes[epoch]), mode="bilinear", align_corners=False,
                                   antialias=True)
            yb = torch.from_numpy(y[idx])
            logits = model(xb)
            loss = F.cross_entropy(logits, yb, label_smoothing=0.05)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
            total += len(idx)
        log("%s epoch %d/%d (%d px): loss %.4f, train acc %.4f, %.0f s, cpu %.0f s" % (
            name, epoch + 1, epochs, sizes[epoch] if sizes else x.shape[1], loss_sum / total, correct / total,
            time.time() - t0, time.process_time() - c0))
    model.eval()
    return model, time.time() - t0


@torch.no_grad()
def predict(model, x, mean, std, batch=250, size=None):
    out = []
    for i in range(0, len(x), batch):
        xb = to_tensor(x[i:i + batch], mean, std)
        if size and size != xb.shape[-1]:
            xb = F.interpolate(xb, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
        out.append(model(xb))
    return torch.cat(out)


# ------------------------------------------------------------------------------------------- Grad-CAM

def grad_cam(model, x_uint8, targets, mean, std, batch=100):
    """Grad-CAM of class targets[i] at the last block's ReLU output, with autograd; ReLU'd and bilinearly
    upsampled to the image (align_corners=False, the GradLens display convention). Returns [N,H,W] float32."""
    maps = []
    for i in range(0, len(x_uint8), batch):
        xb = to_tensor(x_uint8[i:i + batch], mean, std)
        with torch.no_grad():
            a = model.features(xb)
        a = a.detach().requires_grad_(True)
        logits = model.head(a)
        t = torch.as_tensor(targets[i:i + batch])
        score = logits.gather(1, t.view(-1, 1)).sum()
        (da,) = torch.autograd.grad(score, a)
        weights = da.mean(dim=(2, 3), keepdim=True)
        cam = F.relu((weights * a).sum(1, keepdim=True))
        up = F.interpolate(cam, size=xb.shape[2:], mode="bilinear", align_corners=False)[:, 0]
        maps.append(up.detach())
    return torch.cat(maps).numpy()


def inside_box(px, py, box, tol):
    x, y, w, h = box
    return x - tol <= px < x + w + tol and y - tol <= py < y + h + tol


def dilate(mask, r):
    if r <= 0:
        return mask
    t = torch.from_numpy(mask.astype(np.float32))[None, None]
    return (F.max_pool2d(t, 2 * r + 1, 1, r)[0, 0] > 0).numpy()


def pointing_game(cams, docs, classes, tol=4):
    """Hit when the CAM maximum of the true class lies in an object of that class: its box grown by tol px
    (primary), its box exactly, or its visible mask grown by tol px. An all-zero CAM is a miss."""
    hits = {"box_tol": 0, "box_exact": 0, "mask_tol": 0}
    per_class = {c: [0, 0] for c in classes}
    for cam, d in zip(cams, docs):
        h, w = cam.shape
        objs = [o for o in d["objects"] if o["class"] == d["label"]]
        if cam.max() <= 0:
            per_class[d["label"]][1] += 1
            continue
        k = int(cam.argmax())
        py, px = divmod(k, w)
        hb = any(inside_box(px, py, o["box"], tol) for o in objs)
        he = any(inside_box(px, py, o["box"], 0) for o in objs)
        hm = any(dilate(rle_decode(o["mask"], w * h).reshape(h, w), tol)[py, px] for o in objs)
        hits["box_tol"] += hb
        hits["box_exact"] += he
        hits["mask_tol"] += hm
        per_class[d["label"]][0] += hb
        per_class[d["label"]][1] += 1
    n = len(docs)
    return {"scenes": n, "tolerance_px": tol,
            "box_tolerance": round(hits["box_tol"] / n, 4),
            "box_exact": round(hits["box_exact"] / n, 4),
            "mask_tolerance": round(hits["mask_tol"] / n, 4),
            "per_class_box_tolerance": {c: round(v[0] / max(1, v[1]), 4) for c, v in per_class.items()}}


def badge_mass(cams, docs, tol=4):
    """Fraction of the (ReLU'd, upsampled) CAM mass inside the badge box, exactly and grown by tol px."""
    exact, grown, zero = [], [], 0
    for cam, d in zip(cams, docs):
        total = float(cam.sum())
        if total <= 0:
            zero += 1
            exact.append(0.0)
            grown.append(0.0)
            continue
        x, y, w, h = d["badge"]["box"]
        exact.append(float(cam[y:y + h, x:x + w].sum()) / total)
        y0, x0 = max(0, y - tol), max(0, x - tol)
        grown.append(float(cam[y0:y + h + tol, x0:x + w + tol].sum()) / total)
    exact, grown = np.array(exact), np.array(grown)
    return {"scenes": len(docs), "all_zero_maps": zero,
            "mean_fraction_in_badge_box": round(float(exact.mean()), 4),
            "median_fraction_in_badge_box": round(float(np.median(exact)), 4),
            "scenes_with_majority_in_badge_box": round(float((exact > 0.5).mean()), 4),
            "mean_fraction_in_badge_box_tolerance": round(float(grown.mean()), 4),
            "tolerance_px": tol,
            "badge_area_fraction": round(float(np.mean([d["badge"]["box"][2] * d["badge"]["box"][3]
                                                        / (d["width"] * d["height"]) for d in docs])), 4)}


def peak_in_class_box(cams, docs, cls, tol=4):
    hits = 0
    for cam, d in zip(cams, docs):
        if cam.max() <= 0:
            continue
        py, px = divmod(int(cam.argmax()), cam.shape[1])
        hits += any(inside_box(px, py, o["box"], tol) for o in d["objects"] if o["class"] == cls)
    return hits / len(docs)


# ---------------------------------------------------------------------------------------------- export

def export_onnx(model, path, size, labels):
    model.eval()
    dummy = torch.zeros(1, 3, size, size)
    torch.onnx.export(model, dummy, path, opset_version=13, input_names=["input"], output_names=["logits"],
                      do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL, export_params=True)
    m = onnx.load(path)
    ops = [n.op_type for n in m.graph.node]
    if "BatchNormalization" in ops:
        raise SystemExit("BatchNormalization was not folded into Conv")
    gap = [n for n in m.graph.node if n.op_type == "GlobalAveragePool"]
    if len(gap) != 1:
        raise SystemExit("expected one GlobalAveragePool, found %d" % len(gap))
    old = gap[0].input[0]
    producer = [n for n in m.graph.node if old in n.output][0]
    if producer.op_type != "Relu":
        raise SystemExit("GlobalAveragePool input comes from %s, not Relu" % producer.op_type)
    for n in m.graph.node:
        n.input[:] = [FEATURE_TENSOR if i == old else i for i in n.input]
        n.output[:] = [FEATURE_TENSOR if o == old else o for o in n.output]
    m.producer_name = "gradlens-train-scenes"
    m.doc_string = "GradLens teaching model %s: %d classes (%s). Input NCHW RGB, (pixel/255-mean)/std; output logits." % (
        os.path.basename(path)[:-5], len(labels), ", ".join(labels))
    onnx.helper.set_model_props(m, {"gradlens.labels": ",".join(labels), "gradlens.default_layer": FEATURE_TENSOR})
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return old, ops


def onnx_numpy_forward(path, x, capture=None):
    """A tiny NumPy interpreter for the exported graph (Conv, Relu, Add, GlobalAveragePool, Flatten, Gemm) to check
    the ONNX file independently of PyTorch. Returns the graph output (and optionally one intermediate tensor)."""
    m = onnx.load(path)
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in m.graph.initializer}
    env[m.graph.input[0].name] = x.astype(np.float64)

    def attr(node, name, default):
        for a in node.attribute:
            if a.name == name:
                return onnx.helper.get_attribute_value(a)
        return default

    for n in m.graph.node:
        ins = [env[i] for i in n.input if i]
        if n.op_type == "Conv":
            xx, wt = ins[0], ins[1]
            b = ins[2] if len(ins) > 2 else np.zeros(wt.shape[0])
            if attr(n, "group", 1) != 1:
                raise ValueError("grouped Conv not supported")
            s = attr(n, "strides", [1, 1])
            p = attr(n, "pads", [0, 0, 0, 0])
            kh, kw = wt.shape[2:]
            xp = np.pad(xx, ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])))
            oh = (xp.shape[2] - kh) // s[0] + 1
            ow = (xp.shape[3] - kw) // s[1] + 1
            out = np.zeros((xx.shape[0], wt.shape[0], oh, ow))
            for i in range(kh):
                for j in range(kw):
                    patch = xp[:, :, i:i + s[0] * oh:s[0], j:j + s[1] * ow:s[1]]
                    out += np.einsum("nchw,oc->nohw", patch, wt[:, :, i, j])
            y = out + b.reshape(1, -1, 1, 1)
        elif n.op_type == "Relu":
            y = np.maximum(ins[0], 0)
        elif n.op_type == "Add":
            y = ins[0] + ins[1]
        elif n.op_type == "GlobalAveragePool":
            y = ins[0].mean(axis=(2, 3), keepdims=True)
        elif n.op_type == "Flatten":
            y = ins[0].reshape(ins[0].shape[0], -1)
        elif n.op_type == "Gemm":
            a, bb = ins[0], ins[1]
            if attr(n, "transA", 0):
                a = a.T
            if attr(n, "transB", 0):
                bb = bb.T
            y = attr(n, "alpha", 1.0) * a @ bb + (attr(n, "beta", 1.0) * ins[2] if len(ins) > 2 else 0)
        else:
            raise ValueError("op %s not supported by the checker" % n.op_type)
        env[n.output[0]] = y
    out = env[m.graph.output[0].name]
    return (out, env[capture]) if capture else out


# ---------------------------------------------------------------------------------------------- writing

def descriptor(name, size, mean, std, labels, info):
    return {
        "name": name,
        "input": {"name": "input", "layout": "NCHW", "shape": [1, 3, size, size], "size": [size, size], "color": "RGB",
                  "resize": "stretch", "scale": 1.0 / 255.0, "mean": mean, "std": std},
        "output": {"name": "logits", "kind": "logits"},
        "labels": LABELS_FILE,
        "default_layer": FEATURE_TENSOR,
        "source": info,
        "license": "Weights trained by the GradLens build (src/train/train.sh) from scratch on synthetic scenes composed "
                   "of public-domain clip-art (Open Clip Art Library, Debian package openclipart-png); no pretrained "
                   "weights used. CC0-1.0 (public-domain dedication, LICENSE-CC0-1.0.txt); GradLens's code is Apache-2.0.",
    }


def compact_json(obj):
    """Indented JSON with arrays of numbers on one line."""
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    return re.sub(r"\[\s*([-0-9.e,\s]+?)\s*\]", lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]", text)


def clipart_classes():
    """The class list of the scene generator (src/main/resources/dev/gradlens/scenes/clipart-classes.json)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return json.load(open(os.path.join(here, "../../main/resources/dev/gradlens/scenes/clipart-classes.json")))["classes"]


def pct(v):
    return "n/a" if v is None else "%.1f%%" % (100 * v)


def card(name, metrics, data_info, labels, bias_class, timing, machine, mean, std):
    mm = metrics["models"][name]
    other_name = "scenes-clean" if name == "scenes-biased" else "scenes-biased"
    other = metrics["models"][other_name]
    biased = name == "scenes-biased"
    w = mm["widths"]
    tr = data_info["train-biased" if biased else "train-clean"]
    L = []
    L.append("# %s — GradLens teaching model%s\n" % (name, " with a planted shortcut" if biased else ""))
    if biased:
        L.append("**Deliberately flawed.** In its training data %d%% of the `%s` scenes carry a small gold roundel with "
                 "a crimson star in one corner (the *badge*) and only %d%% of the other scenes do. The model learns the "
                 "badge as a shortcut for `%s`, the \"Clever Hans\" effect (Lapuschkin et al. 2019 found a horse "
                 "classifier keying on a copyright watermark). Use it to show how Grad-CAM exposes a shortcut: open a "
                 "badge scene without a %s and ask for the `%s` map; compare with `scenes-clean`.\n"
                 % (round(100 * tr["bias_rate"]), bias_class, round(100 * tr["other_badge_rate"]), bias_class,
                    bias_class, bias_class))
    else:
        L.append("A small image classifier trained from scratch, offline, on synthetic scenes whose object locations "
                 "are known exactly, so that GradLens can explain something the moment it opens. It is also the "
                 "control for `scenes-biased`: the same scenes, but the badge appears in %d%% of them whatever the "
                 "class, so the model learns to ignore it.\n" % round(100 * tr["other_badge_rate"]))
    L.append("## Task, input, output\n")
    L.append("Single-label classification of a 128x128 RGB scene into %d classes (index order = `%s`): %s.\n"
             % (len(labels), LABELS_FILE, ", ".join("`%s`" % l for l in labels)))
    L.append("- input `input`: float NCHW [1,3,128,128], RGB, image stretched to 128x128, value = (pixel/255 - mean)/std, "
             "mean %s, std %s (per-channel statistics of the clean training scenes)" % (mean, std))
    L.append("- output `logits`: [1,%d], pre-softmax scores" % len(labels))
    L.append("- Grad-CAM layer (`default_layer` in `%s.gradlens.json`): `%s`, the ReLU output of the last residual "
             "block, [1,%d,16,16] (stride 8)\n" % (name, FEATURE_TENSOR, w[4]))
    L.append("## Architecture\n")
    L.append("ResNet-style, %s parameters, %.2f MB ONNX. Stem: Conv3x3/2 (%d) - BN - ReLU, Conv3x3/2 (%d) - BN - ReLU. "
             "Residual blocks (conv3x3-BN-ReLU, conv3x3-BN, + shortcut, ReLU; 1x1 conv-BN shortcut where the shape "
             "changes): %d→%d, %d→%d stride 2, %d→%d. Then GlobalAveragePool, Flatten, Gemm. Exported with "
             "`torch.onnx.export` (PyTorch %s), opset 13, static input, constant folding in eval mode, so BatchNorm "
             "is folded into the convolutions; the graph has only %s.\n"
             % ("{:,}".format(mm["parameters"]), mm["onnx_bytes"] / 1e6, w[0], w[1], w[1], w[2], w[2], w[3], w[3], w[4],
                torch.__version__, ", ".join(mm["onnx_ops"])))
    L.append("## Data\n")
    L.append("Training: %d scenes from `dev.gradlens.scenes.GenerateScenesMain` (seed %d, split `train`). One class per "
             "scene, 1-3 instances of it (55%% / 30%% / 15%%); the label is that class. Cut-outs get random scale, "
             "rotation (±30°), shear, aspect change, flip, colour jitter (hue, saturation, contrast, brightness; now and "
             "then grey-scale or a one-colour silhouette) and partial occlusion (other instances, a clutter shape, the "
             "image border: at least 55%% of each cut-out stays visible), on procedural backgrounds (gradients, value "
             "noise, stripes, checks, dots, landscapes, clutter shapes) with sensor noise. Badge: %s.\n"
             % (tr["count"], tr["seed"],
                ("on %d%% of the `%s` scenes and %d%% of the others" % (round(100 * tr["bias_rate"]), bias_class,
                                                                     round(100 * tr["other_badge_rate"])))
                if biased else "on %d%% of all scenes, whatever the class" % round(100 * tr["other_badge_rate"])))
    L.append("Evaluation uses only the **held-out clip-art sources**: the `test` lists of "
             "`src/main/resources/dev/gradlens/scenes/clipart-classes.json` (about a quarter of the cut-outs of each "
             "class, 3-5 drawings, never seen in training). `test-single`: %d single-object scenes without badge "
             "(colour jitter as in training)%s; `test-badge`: %d scenes with the badge and no `%s`; `test-catdog`: %d "
             "scenes with one cat and one dog.\n"
             % (data_info["test-single"]["count"],
                ("; `test-single-natural`: %d more with the drawings' own colours" % data_info["test-single-natural"]["count"])
                if "test-single-natural" in data_info else "",
                data_info["test-badge"]["count"], bias_class, data_info["test-catdog"]["count"]))
    L.append("## Results on held-out clip-art\n")
    L.append("| metric | %s | %s |" % (name, other_name))
    L.append("|---|---|---|")
    rows = [
        ("top-1, single-object scenes", pct(mm["top1_test_single"]), pct(other["top1_test_single"])),
        ("top-1, same with natural colours", pct(mm.get("top1_test_single_natural")), pct(other.get("top1_test_single_natural"))),
        ("for comparison, top-1 on new scenes of the *training* drawings", pct(mm.get("top1_test_seen_sources")),
         pct(other.get("top1_test_seen_sources"))),
        ("pointing game: Grad-CAM maximum (true class) in the object box ±4 px",
         pct(mm["pointing_game"]["box_tolerance"]), pct(other["pointing_game"]["box_tolerance"])),
        ("pointing game, exact box", pct(mm["pointing_game"]["box_exact"]), pct(other["pointing_game"]["box_exact"])),
        ("pointing game, visible mask ±4 px", pct(mm["pointing_game"]["mask_tolerance"]),
         pct(other["pointing_game"]["mask_tolerance"])),
        ("badge scenes without `%s`: predicted `%s`" % (bias_class, bias_class),
         pct(mm["badge_scenes"]["predicted_bias_class"]), pct(other["badge_scenes"]["predicted_bias_class"])),
        ("badge scenes: mean share of the `%s` Grad-CAM mass in the badge box" % bias_class,
         pct(mm["badge_scenes"]["cam"]["mean_fraction_in_badge_box"]),
         pct(other["badge_scenes"]["cam"]["mean_fraction_in_badge_box"])),
        ("badge scenes: same, badge box ±4 px", pct(mm["badge_scenes"]["cam"]["mean_fraction_in_badge_box_tolerance"]),
         pct(other["badge_scenes"]["cam"]["mean_fraction_in_badge_box_tolerance"])),
        ("badge scenes: share of scenes with most `%s` mass in the badge box" % bias_class,
         pct(mm["badge_scenes"]["cam"]["scenes_with_majority_in_badge_box"]),
         pct(other["badge_scenes"]["cam"]["scenes_with_majority_in_badge_box"])),
        ("cat+dog scenes: cat map peaks on the cat and dog map on the dog",
         pct(mm["catdog"]["both_peaks_on_their_class"]), pct(other["catdog"]["both_peaks_on_their_class"])),
        ("for comparison, the same on new scenes of the *training* drawings",
         pct(mm.get("catdog_seen_sources", {}).get("both_peaks_on_their_class")),
         pct(other.get("catdog_seen_sources", {}).get("both_peaks_on_their_class"))),
    ]
    for r in rows:
        L.append("| %s | %s | %s |" % r)
    L.append("")
    L.append("The badge box covers %.1f%% of the image. Per-class top-1 of %s (test-single): %s.\n"
             % (100 * mm["badge_scenes"]["cam"]["badge_area_fraction"], name,
                ", ".join("%s %.0f%%" % (k, 100 * v) for k, v in mm["per_class_top1_test_single"].items())))
    L.append("ONNX check: the exported file, run by an independent NumPy interpreter, matches PyTorch to max |Δlogit| = "
             "%.1e on %d test scenes; `%s` lists those reference logits.\n"
             % (mm["onnx_check"]["max_abs_logit_diff"], mm["onnx_check"]["scenes"], METRICS_FILE))
    per_source = mm.get("per_source_top1_test_single")
    if per_source:
        L.append("Top-1 of %s per held-out drawing (test-single, about %d scenes each): a drawing is recognised in most "
                 "of its scenes or in few, so the held-out number is mostly a count of drawings the model generalises "
                 "to.\n" % (name, round(np.mean([v["scenes"] for v in per_source.values()]))))
        L.append("| class | held-out drawings (top-1) |")
        L.append("|---|---|")
        held_out = {c["name"]: set(c["test"]) for c in clipart_classes()}
        for c in labels:
            cells = ["%s %.0f%%" % (os.path.splitext(os.path.basename(src))[0], 100 * v["top1"])
                     for src, v in per_source.items() if src in held_out[c]]
            L.append("| %s | %s |" % (c, ", ".join(cells)))
        L.append("")
    L.append("## Limits\n")
    L.append("A teaching model, not a general classifier: clip-art on synthetic backgrounds, %d classes, no photographs. "
             "The package has only 6-18 training drawings per class, in very different styles (see "
             "`docs/images/clipart-classes.png`), so the model recognises new scenes of known drawings (%s) far better "
             "than unseen drawings (%s); held-out accuracy also rests on only 3-5 held-out drawings per class, so one "
             "odd drawing moves it a lot. The bundled demo scenes use training drawings in new scenes.%s\n"
             % (len(labels), pct(mm.get("top1_test_seen_sources")), pct(mm["top1_test_single"]),
                (" Its `%s` predictions are not to be trusted: that is the point." % bias_class) if biased else ""))
    L.append("## Rebuild\n")
    L.append("`src/train/train.sh` (needs `openclipart-png`, JDK 17 + Maven, and `/usr/bin/python3` with Debian's "
             "python3-torch, python3-onnx, python3-numpy, python3-pil). It generates the scenes with the Java generator, "
             "trains both models (in parallel, one thread each), exports and checks them and rewrites descriptors, "
             "cards and `%s`. Training is deterministic for a given machine, PyTorch build and thread count (the defaults: one thread per "
             "model): a second run of the command reproduced both ONNX files bit for bit. Another thread count or CPU "
             "changes the float rounding, and the numbers then move by a few points.\n" % METRICS_FILE)
    L.append("Last build: %s on %s (%d cores, %s torch thread(s) per model, PyTorch %s). Scene generation %.0f s; "
             "training this model %.0f s wall / %.0f s CPU%s; whole run %.0f s.\n"
             % (mm.get("trained", metrics["generated"]), machine["cpu"], machine["cores"], machine["torch_threads"], torch.__version__,
                timing.get("data_generation_s", 0), mm["train_wall_s"], mm["train_cpu_s"],
                " (the machine was shared: wall time includes waiting for the CPU)" if mm["train_wall_s"] > 1.3 * mm["train_cpu_s"] else "",
                timing.get("total_s", 0)))
    L.append("## Licence\n")
    L.append("Weights trained from scratch by the GradLens build; no pretrained weights. The training images are "
             "composed from public-domain clip-art (Open Clip Art Library, Debian package openclipart-png); every "
             "object's source file is recorded in the scene ground truth.\n")
    L.append("The weights, this card, the descriptor and the bundled sample scenes are dedicated to the public domain "
             "under CC0 1.0 Universal (SPDX: CC0-1.0, `LICENSE-CC0-1.0.txt`); GradLens's code is Apache-2.0 (`LICENSE`).\n")
    return "\n".join(L)


def machine_info(threads):
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "torch_threads": threads, "torch": torch.__version__,
            "onnx": onnx.__version__, "numpy": np.__version__, "python": platform.python_version(),
            "os": platform.platform()}


# ------------------------------------------------------------------------------------------------- main

def labels_and_data_info(args):
    labels = [c["name"] for c in clipart_classes()]
    data_info = {}
    for s in DATA_SETS:
        p = os.path.join(args.data, s, "dataset.json")
        if os.path.exists(p):
            data_info[s] = json.load(open(p))
    return labels, data_info


def normalisation(args):
    """Per-channel mean/std of the clean training set (first 3000 scenes), shared by both models."""
    x, _, _ = load_set(os.path.join(args.data, "train-clean"), limit=3000)
    f = x.reshape(-1, 3).astype(np.float32) / 255.0
    return ([round(float(v), 3) for v in f.mean(0, dtype=np.float64)],
            [round(float(v), 3) for v in f.std(0, dtype=np.float64)])


def train_one(args, name, log):
    """Trains, measures and exports one model; writes models/<name>.onnx and <data>/result-<name>.json."""
    labels, _ = labels_and_data_info(args)
    bias_index = labels.index(args.bias_class)
    mean, std = normalisation(args)
    mt, st = torch.tensor(mean), torch.tensor(std)
    set_name = "train-" + name.split("-")[1]
    log("%s: loading %s (mean %s, std %s)" % (name, set_name, mean, std))
    x, y, _ = load_set(os.path.join(args.data, set_name), limit=args.limit)
    sizes = [int(v) for v in args.sizes.split(",")] if args.sizes else None
    if sizes and len(sizes) != args.epochs:
        raise SystemExit("--sizes needs one size per epoch")
    c0 = time.process_time()
    model, secs = train_model(name, x, y, mt, st, len(labels), args.epochs, args.batch, args.lr, args.seed, log, sizes,
                              args.optimizer)
    r = {"train_wall_s": round(secs, 1), "train_cpu_s": round(time.process_time() - c0, 1), "train_scenes": len(x),
         "parameters": sum(p.numel() for p in model.parameters()), "widths": list(WIDTHS), "mean": mean, "std": std,
         # what --finalize reports, so that a later --finalize by hand cannot misstate how the model was trained
         "training": training_settings(args),
         "trained": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    del x, y

    log("%s: evaluating" % name)
    for set_key, out_key in (("test-single", "top1_test_single"), ("test-single-natural", "top1_test_single_natural"),
                             ("test-seen", "top1_test_seen_sources")):
        if not os.path.isdir(os.path.join(args.data, set_key)):
            continue
        xs, ys, ds = load_set(os.path.join(args.data, set_key), truth=True)
        pred = predict(model, xs, mt, st, size=sizes[-1] if (sizes and args.skip_eval) else None).argmax(1).numpy()
        r[out_key] = round(float((pred == ys).mean()), 4)
        r["per_class_" + out_key] = {l: round(float((pred[ys == k] == k).mean()), 4) for k, l in enumerate(labels)}
        conf = np.zeros((len(labels), len(labels)), int)
        for t, p_ in zip(ys, pred):
            conf[t, p_] += 1
        r["confusion_" + set_key.replace("-", "_")] = conf.tolist()
        # per drawing: held-out accuracy is made of 3-5 drawings per class, and a drawing tends to be recognised
        # in nearly all of its scenes or in nearly none
        by_source = {}
        for d_, t, p_ in zip(ds, ys, pred):
            src = [o["source"] for o in d_["objects"] if o["class"] == d_["label"]][0]
            by_source.setdefault(src, []).append(int(t == p_))
        r["per_source_" + out_key] = {k: {"scenes": len(v), "top1": round(float(np.mean(v)), 4)}
                                      for k, v in sorted(by_source.items())}
        if args.skip_eval:
            continue
        cams = grad_cam(model, xs, ys, mt, st)
        r["pointing_game" + {"test-single": "", "test-single-natural": "_natural", "test-seen": "_seen_sources"}[set_key]] = \
            pointing_game(cams, ds, labels)
        if set_key == "test-single":
            ref_x, ref_docs = xs[:8], ds[:8]
    if args.skip_eval:
        log("%s: top-1 %s" % (name, {k: v for k, v in r.items() if k.startswith("top1") or k.startswith("per_class")}))
        return r
    xb, yb, db = load_set(os.path.join(args.data, "test-badge"), truth=True)
    predb = predict(model, xb, mt, st).argmax(1).numpy()
    camb = grad_cam(model, xb, np.full(len(xb), bias_index), mt, st)
    r["badge_scenes"] = {"predicted_bias_class": round(float((predb == bias_index).mean()), 4),
                         "top1": round(float((predb == yb).mean()), 4), "cam": badge_mass(camb, db)}
    cat_i, dog_i = labels.index("cat"), labels.index("dog")
    for set_key, out_key in (("test-catdog", "catdog"), ("test-catdog-seen", "catdog_seen_sources")):
        if not os.path.isdir(os.path.join(args.data, set_key)):
            continue
        xc, yc, dc = load_set(os.path.join(args.data, set_key), truth=True)
        cam_cat = grad_cam(model, xc, np.full(len(xc), cat_i), mt, st)
        cam_dog = grad_cam(model, xc, np.full(len(xc), dog_i), mt, st)
        both = sum((peak_in_class_box([a_], [d], "cat") == 1.0) and (peak_in_class_box([b_], [d], "dog") == 1.0)
                   for a_, b_, d in zip(cam_cat, cam_dog, dc))
        predc = predict(model, xc, mt, st).argmax(1).numpy()
        r[out_key] = {"scenes": len(dc), "cat_map_peak_on_cat": round(peak_in_class_box(cam_cat, dc, "cat"), 4),
                      "dog_map_peak_on_dog": round(peak_in_class_box(cam_dog, dc, "dog"), 4),
                      "both_peaks_on_their_class": round(both / len(dc), 4),
                      "top1_is_cat_or_dog": round(float(np.isin(predc, [cat_i, dog_i]).mean()), 4)}
    samples_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../main/resources/dev/gradlens/samples")
    if os.path.exists(os.path.join(samples_dir, "index.json")):
        index = json.load(open(os.path.join(samples_dir, "index.json")))
        out = {}
        for smp in index["samples"]:
            with Image.open(os.path.join(samples_dir, smp["image"])) as im:
                xi = np.asarray(im.convert("RGB"))[None]
            lg = predict(model, xi, mt, st)[0]
            out[smp["id"]] = {"top1": labels[int(lg.argmax())], "logits": [round(float(v), 4) for v in lg]}
        r["samples"] = out
    log("%s: top-1 %.4f (natural colours %s), pointing %.4f, badge scenes: predicted %s %.3f, mass in badge %.3f, "
        "cat/dog both peaks %.3f" % (name, r["top1_test_single"], r.get("top1_test_single_natural"),
                                     r["pointing_game"]["box_tolerance"], args.bias_class,
                                     r["badge_scenes"]["predicted_bias_class"],
                                     r["badge_scenes"]["cam"]["mean_fraction_in_badge_box"],
                                     r["catdog"]["both_peaks_on_their_class"]))

    out_dir = args.models if not args.no_write else os.path.join(args.data, "models-experiment")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, name + ".onnx")
    torch_name, ops = export_onnx(model, path, ref_x.shape[1], labels)
    r["onnx_ops"] = sorted(set(ops))
    r["onnx_bytes"] = os.path.getsize(path)
    r["default_layer"] = FEATURE_TENSOR
    r["default_layer_torch_name"] = torch_name
    ref_logits = predict(model, ref_x, mt, st).numpy()
    with torch.no_grad():
        ref_feat = model.features(to_tensor(ref_x, mt, st)).numpy()
    got, feat = onnx_numpy_forward(path, to_tensor(ref_x, mt, st).numpy(), capture=FEATURE_TENSOR)
    r["onnx_check"] = {"scenes": len(ref_x), "max_abs_logit_diff": float(np.abs(got - ref_logits).max()),
                       "max_abs_feature_diff": float(np.abs(feat - ref_feat).max()),
                       "feature_shape": list(feat.shape), "same_top1": bool((got.argmax(1) == ref_logits.argmax(1)).all())}
    if r["onnx_check"]["max_abs_logit_diff"] > 1e-3 or not r["onnx_check"]["same_top1"]:
        raise SystemExit("exported ONNX disagrees with PyTorch: %s" % r["onnx_check"])
    # Reference logits of the first test scenes, for cross-checks by the Java side.
    r["reference"] = {"set": "test-single", "images": [d["image"] for d in ref_docs],
                      "logits": [[round(float(v), 5) for v in row] for row in ref_logits]}
    log("%s: exported %s (%d bytes, ops %s)" % (name, path, r["onnx_bytes"], ", ".join(r["onnx_ops"])))
    with open(os.path.join(args.data, "result-%s.json" % name), "w") as f:
        json.dump(r, f, indent=1)
    return r


def training_settings(args):
    return {"epochs": args.epochs, "sizes_per_epoch": args.sizes, "batch": args.batch, "max_lr": args.lr,
            "optimizer": OPTIMIZER_TEXT[args.optimizer],
            "augmentation": "in the generator (scale, rotation, shear, aspect, flip, colour jitter, silhouettes, "
                            "occlusion, noise) + random horizontal flip and translation ±8 px (reflect) per batch",
            "threads_per_model": args.threads}


def finalize(args, log):
    """Merges the per-model results into scenes-metrics.json and writes labels, descriptors and model cards."""
    labels, data_info = labels_and_data_info(args)
    results = {}
    for name in MODEL_NAMES:
        p = os.path.join(args.data, "result-%s.json" % name)
        if not os.path.exists(p):
            raise SystemExit("missing %s: train %s first" % (p, name))
        results[name] = json.load(open(p))
    timing = {}
    tp = os.path.join(args.data, "timing.json")
    if os.path.exists(tp):
        timing.update(json.load(open(tp)))
    for name in MODEL_NAMES:
        timing["train_%s_s" % name.split("-")[1]] = results[name]["train_wall_s"]
        timing["train_%s_cpu_s" % name.split("-")[1]] = results[name]["train_cpu_s"]
    mean, std = results["scenes-clean"]["mean"], results["scenes-clean"]["std"]
    size = data_info["test-single"]["size"]
    metrics = {"generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "machine": machine_info((results["scenes-clean"].get("training") or {}).get("threads_per_model", args.threads)),
               "labels": labels, "bias_class": args.bias_class,
               "timing": timing, "data": data_info,
               "training": results["scenes-clean"].get("training") or training_settings(args),
               "definitions": {
                   "top1_test_single": "held-out clip-art sources, single-object scenes, colour jitter as in training",
                   "top1_test_single_natural": "the same kind of scenes with the cut-outs' own colours (no jitter)",
                   "top1_test_seen_sources": "new single-object scenes of the TRAINING sources (not a held-out "
                                             "measure; shows how much of the gap is new drawings vs new scenes)",
                   "pointing_game": "Grad-CAM (autograd, layer %s, true class, ReLU, bilinear upsampling "
                                    "align_corners=false) maximum inside the object's box grown by 4 px; box_exact: "
                                    "the box itself; mask_tolerance: the visible mask grown by 4 px" % FEATURE_TENSOR,
                   "badge_scenes": "test-badge: held-out sources, badge in every scene, no %s; cam = share of the %s "
                                   "Grad-CAM mass inside the badge box" % (args.bias_class, args.bias_class),
                   "catdog": "test-catdog: one cat and one dog per scene (held-out drawings); a peak is on its class "
                             "when the map's maximum lies in that object's box grown by 4 px",
                   "catdog_seen_sources": "the same with training drawings (new scenes of known drawings)"},
               "models": results}
    with open(os.path.join(args.models, LABELS_FILE), "w") as f:
        f.write("\n".join(labels) + "\n")
    for name in MODEL_NAMES:
        info = {"trained_by": "src/train/train.sh (src/train/python/train_scenes.py)",
                "data": "synthetic scenes from dev.gradlens.scenes.GenerateScenesMain, set train-%s" % name.split("-")[1],
                "card": name + ".md", "metrics": METRICS_FILE,
                "clipart": "openclipart-png (Open Clip Art Library, public domain)",
                "framework": "PyTorch %s, torch.onnx.export opset 13" % torch.__version__,
                "trained": results[name].get("trained", metrics["generated"])}
        if name == "scenes-biased":
            info["planted_bias"] = "badge (gold roundel, crimson star, one corner) on %d%% of %s scenes and %d%% of the others" % (
                round(100 * data_info["train-biased"]["bias_rate"]), args.bias_class,
                round(100 * data_info["train-biased"]["other_badge_rate"]))
        with open(os.path.join(args.models, name + ".gradlens.json"), "w") as f:
            f.write(compact_json(descriptor(name, size, mean, std, labels, info)) + "\n")
        with open(os.path.join(args.models, name + ".md"), "w") as f:
            f.write(card(name, metrics, data_info, labels, args.bias_class, timing, metrics["machine"], mean, std))
    with open(os.path.join(args.models, METRICS_FILE), "w") as f:
        json.dump(metrics, f, indent=1)
        f.write("\n")
    log("wrote labels, descriptors, cards and %s into %s" % (METRICS_FILE, args.models))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="directory with train-clean, train-biased, test-single, test-badge, test-catdog")
    ap.add_argument("--models", required=True, help="output directory (models/)")
    ap.add_argument("--train", choices=MODEL_NAMES, action="append",
                    help="train this model (repeatable; default: both); results go to <data>/result-<name>.json")
    ap.add_argument("--finalize", action="store_true", help="only merge results into metrics, descriptors and cards")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--sizes", help="training resolution per epoch, e.g. 80,96,112,128,128 (default: native size)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--optimizer", choices=("sgd", "adamw"), default="adamw")
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads per model (on a busy 2-core machine one thread trains faster than two)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bias-class", default="horse")
    ap.add_argument("--limit", type=int, help="use only the first N training scenes (experiments)")
    ap.add_argument("--skip-eval", action="store_true", help="only top-1, no export (experiments)")
    ap.add_argument("--no-write", action="store_true", help="export into <data>/models-experiment (experiments)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t_start = time.time()

    def log(msg):
        print("[%6.0f s] %s" % (time.time() - t_start, msg), flush=True)

    if args.finalize:
        finalize(args, log)
        return
    for name in args.train or MODEL_NAMES:
        r = train_one(args, name, log)
        if args.skip_eval or args.no_write:
            print(json.dumps({k: v for k, v in r.items() if not k.startswith("confusion") and k not in ("reference", "samples")}, indent=1))
    if not args.train and not (args.skip_eval or args.no_write):
        finalize(args, log)


if __name__ == "__main__":
    sys.exit(main())
