#!/usr/bin/python3
"""Exports one random-weight model per torchvision classifier family, at opsets 13 and 17, for the coverage
table (docs/coverage.md, written by `gradlens coverage --dir DIR`). The files are large and are NOT committed:

    /usr/bin/python3 src/tools/export_torchvision_families.py /tmp/gradlens-tv
    ./gradlens coverage --dir /tmp/gradlens-tv --out docs/coverage.md

Weights are torchvision's own random initialisation; AlexNet's and VGG's 4096-wide classifiers are narrowed
to 64 (same ops, 30× smaller files). Exporter failures are written to DIR/export-failures.txt, which the
coverage command reports as "not exported".
"""
import os
import sys

import torch
import torch.nn as nn
import torchvision.models as tvm

FAMILIES = [
    ("alexnet", lambda: narrow(tvm.alexnet(), 256 * 6 * 6), 224),
    ("vgg11_bn", lambda: narrow(tvm.vgg11_bn(), 512 * 7 * 7), 224),
    ("resnet18", tvm.resnet18, 224),
    ("resnext50_32x4d", tvm.resnext50_32x4d, 224),
    ("wide_resnet50_2", tvm.wide_resnet50_2, 224),
    ("squeezenet1_1", tvm.squeezenet1_1, 224),
    ("inception_v3", lambda: tvm.inception_v3(aux_logits=False, init_weights=False), 299),
    ("googlenet", lambda: tvm.googlenet(aux_logits=False, init_weights=False), 224),
    ("densenet121", tvm.densenet121, 224),
    ("mobilenet_v2", tvm.mobilenet_v2, 224),
    ("mobilenet_v3_small", tvm.mobilenet_v3_small, 224),
    ("mnasnet0_5", tvm.mnasnet0_5, 224),
    ("shufflenet_v2_x0_5", tvm.shufflenet_v2_x0_5, 224),
    ("efficientnet_b0", tvm.efficientnet_b0, 224),
    ("efficientnet_v2_s", tvm.efficientnet_v2_s, 224),
    ("regnet_y_400mf", tvm.regnet_y_400mf, 224),
    ("convnext_tiny", tvm.convnext_tiny, 224),
    ("vit_b_16", tvm.vit_b_16, 224),
    ("swin_t", tvm.swin_t, 224),
    ("swin_v2_t", tvm.swin_v2_t, 256),
    ("maxvit_t", tvm.maxvit_t, 224),
]


def narrow(model, features):
    model.classifier = nn.Sequential(nn.Dropout(), nn.Linear(features, 64), nn.ReLU(True), nn.Dropout(), nn.Linear(64, 64),
                                     nn.ReLU(True), nn.Linear(64, 1000))
    return model


def main(out):
    os.makedirs(out, exist_ok=True)
    failures = []
    only = set(sys.argv[2:])
    for name, make, size in FAMILIES:
        if only and name not in only:
            continue
        torch.manual_seed(0)
        net = make().eval()
        x = torch.randn(1, 3, size, size)
        for opset in (13, 17):
            path = os.path.join(out, f"{name}_op{opset}.onnx")
            if os.path.exists(path):
                continue
            try:
                torch.onnx.export(net, x, path, opset_version=opset, input_names=["image"], output_names=["logits"])
                print("exported", path, flush=True)
            except Exception as e:  # noqa: BLE001 - the coverage table reports it
                failures.append(f"{name}_op{opset}\t{str(e).splitlines()[0][:200]}")
                print("failed", name, opset, failures[-1], flush=True)
        del net
    with open(os.path.join(out, "export-failures.txt"), "a") as f:
        for line in failures:
            f.write(line + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
