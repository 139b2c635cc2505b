#!/usr/bin/env python3
"""Builds src/main/resources/dev/gradlens/catalog/onnx-model-zoo.json (GradLens's compact catalog)
from the research catalog of ONNX Model Zoo classifiers (facts: paths, sha256, sizes, preprocessing,
licences). Usage: tools/make_catalog.py ../shared/catalog/onnx-model-zoo.json > src/main/resources/...
Preprocessing is mapped to GradLens descriptor terms: value = (pixel * scale - mean[c]) / std[c],
mean/std in the tensor's channel order, resize one of stretch | shorter-side-center-crop."""
import json
import sys

COMMIT = "b1eeaa1ac722dcc1cd1a8284bde34393dab61c3d"


def urls(m):
    path, mid = m["path"], m["id"]
    return [
        f"https://github.com/onnx/models/raw/main/{path}",
        f"https://media.githubusercontent.com/media/onnx/models/{COMMIT}/{path}",
        f"https://huggingface.co/onnxmodelzoo/legacy_models/resolve/main/{path}",
        f"https://huggingface.co/onnxmodelzoo/{mid}/resolve/main/{mid}.onnx",
    ]


def preprocessing(m):
    p = m["preprocessing"]
    shape = m["input"]["shape"]
    layout = m["input"]["layout"]
    h, w = (shape[2], shape[3]) if layout == "NCHW" else (shape[1], shape[2])
    notes = []
    confidence = p.get("confidence", "documented")
    if p.get("resize") == "shorter_side" and p.get("crop") == "center":
        resize, shorter = "shorter-side-center-crop", p["resize_to"]
    elif p.get("resize") == "exact":
        resize, shorter = "stretch", None
    elif p.get("resize") is None:
        # DenseNet: the README gives no resize; ImageNet evaluation convention.
        resize, shorter = "shorter-side-center-crop", 256
        notes.append("resize not documented: shorter side 256 + centre crop assumed")
        alt = p.get("alternative")
        if alt:
            notes.append("mean/std/BGR from the OpenVINO model card (probable); Intel Neural Compressor used instead "
                         + alt["channel_order"] + ", pixel range " + alt["pixel_range"] + ", mean " + str(alt["mean"])
                         + ", std " + str(alt["std"]))
    else:
        raise SystemExit("unknown resize in " + m["id"])
    scale = 1.0 / 255.0 if p["pixel_range"] == "0-1" else 1.0
    inp = {
        "name": m["input"]["name"], "layout": layout, "shape": shape, "size": [w, h],
        "color": p["channel_order"], "resize": resize,
    }
    if shorter is not None:
        inp["resize_shorter"] = shorter
    inp.update({"scale": scale, "mean": p["mean"], "std": p["std"]})
    return inp, confidence, notes


def main():
    src = json.load(open(sys.argv[1]))
    lab = src["labels"]["imagenet-standard"]
    out = {
        "format": 1,
        "source": "ONNX Model Zoo (github.com/onnx/models) at commit " + COMMIT
                  + ": sha256/size from the Git LFS pointers (= ONNX_HUB_MANIFEST.json), preprocessing and licences from the model READMEs",
        "labels": {
            "imagenet-standard": {
                "urls": [
                    f"https://raw.githubusercontent.com/onnx/models/main/{lab['path']}",
                    f"https://raw.githubusercontent.com/onnx/models/{COMMIT}/{lab['path']}",
                    f"https://huggingface.co/onnxmodelzoo/legacy_models/resolve/main/{lab['path']}",
                ],
                "sha256": lab["sha256"], "size": lab["size"], "format": "synset", "classes": 1000,
                "license": "Apache-2.0 (onnx/models repository)",
            }
        },
        "models": [],
    }
    for m in src["models"]:
        inp, confidence, notes = preprocessing(m)
        kind = {"logits": "logits", "softmax": "probabilities"}[m["output_kind"]]
        rule = m.get("target_layer_rule")
        e = {
            "id": m["id"], "name": m["title"], "urls": urls(m), "sha256": m["sha256"], "size": m["size"],
            "opset": m["opset"], "input": inp,
            "output": {"name": m["output"]["name"], "kind": kind, "shape": m["output"]["shape"]},
            "labels": m["labels"],
        }
        if m.get("target_layer_hint"):
            e["target_layer_hint"] = m["target_layer_hint"]
        if rule:
            e["target_layer_rule"] = {"node_output": rule["node_output"], "take": rule["take"]}
        e["license"] = m["license"]
        if m.get("top1") is not None:
            e["top1"] = m["top1"]
        if m.get("top5") is not None:
            e["top5"] = m["top5"]
        e["preprocessing_confidence"] = confidence
        if kind == "probabilities":
            notes.append("output is softmax probabilities: GradLens explains the pre-softmax score")
        if notes:
            e["notes"] = notes
        out["models"].append(e)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
