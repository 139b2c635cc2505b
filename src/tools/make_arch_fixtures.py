#!/usr/bin/python3
"""Builds the small random-weight architecture fixtures of src/test/resources/dev/gradlens/arch/.

Run with Debian's PyTorch (/usr/bin/python3: torch 1.13, torchvision 0.14, onnx):
    /usr/bin/python3 src/tools/make_arch_fixtures.py [name ...]

For every model: <name>_op<opset>.onnx for each opset the exporter allows, and <name>.ref/ holding
float64-autograd references as .npy files:
  input.npy        the image fed (float32, the model's layout; uint8 for the uint8 model)
  logits.npy       [K] logits (float64 forward)
  input_grad.npy   d logit[target] / d input, float64 autograd (w.r.t. the Cast output for uint8)
  input_grad32.npy the same in float32 autograd (to measure the float32 noise floor)
  cam_act.npy      [C, h, w] the token/feature layer's activation (tokens reshaped as GradLens does)
  cam_grad.npy     [C, h, w] d logit[target] / d activation
  gradcam.npy      [h, w] ReLU(sum_k mean(grad_k) * A_k)
  meta.json        target class, layer description, opsets exported, failures
Weights are random (seeded), re-drawn so that no layer is zero (torchvision zero-inits ViT heads and
ConvNeXt's layer scale is 1e-6): N(0, 1/fan_in) weights, 1 + 0.1·N norm scales, 0.1·N biases/tokens.
Attention is exported in training-free autograd mode (model.eval(), gradients enabled): PyTorch 1.13's
eval fast path of MultiheadAttention has no ONNX form.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision.models as tvm
from torchvision.models import convnext, efficientnet, mobilenetv3, shufflenetv2, swin_transformer, vision_transformer

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "resources", "dev", "gradlens", "arch")


def reinit(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2 and "weight" in name:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=g) / fan_in ** 0.5)
            elif "weight" in name or "layer_scale" in name:
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
        for name, b in model.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(0.1 * torch.randn(b.shape, generator=g))
            elif name.endswith("running_var"):
                b.copy_(1 + 0.2 * torch.rand(b.shape, generator=g))
    return model.eval()


class Tokens:
    """Turns a captured layer output into [C, h, w] as GradLens does."""

    def __init__(self, kind, drop=0):
        self.kind, self.drop = kind, drop

    def grid(self, t):
        t = t[0]
        if self.kind == "nchw":
            return t
        if self.kind == "nhwc":
            return t.permute(2, 0, 1)
        seq = t[self.drop:]
        side = int(round(seq.shape[0] ** 0.5))
        return seq.reshape(side, side, seq.shape[1]).permute(2, 0, 1)


class DeiTStyle(vision_transformer.VisionTransformer):
    """A ViT with a distillation token after the class token; logits = mean of the two heads (DeiT eval)."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.dist_token = nn.Parameter(torch.zeros(1, 1, self.hidden_dim))
        self.encoder.pos_embedding = nn.Parameter(torch.zeros(1, self.encoder.pos_embedding.shape[1] + 1, self.hidden_dim))
        self.head_dist = nn.Linear(self.hidden_dim, kw["num_classes"])

    def forward(self, x):
        x = self._process_input(x)
        n = x.shape[0]
        x = torch.cat([self.class_token.expand(n, -1, -1), self.dist_token.expand(n, -1, -1), x], dim=1)
        x = self.encoder(x)
        return (self.heads(x[:, 0]) + self.head_dist(x[:, 1])) / 2


class Uint8Nhwc(nn.Module):
    """uint8 NHWC image in, preprocessing inside the graph (Cast, Transpose, Sub/Div), then a small CNN."""

    def __init__(self, cnn, cast=True):
        super().__init__()
        self.cnn, self.cast = cnn, cast
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1) * 255)
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1) * 255)

    def forward(self, x):
        if self.cast:
            x = x.float()
        x = x.permute(0, 3, 1, 2)
        return self.cnn((x - self.mean) / self.std)


def small_cnn():
    return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))


def models():
    """name -> (builder, input size, layer picker (module getter), token kind)."""
    m = {}
    m["vit"] = (lambda: vision_transformer.VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32,
                                                             mlp_dim=64, num_classes=10), 32,
                lambda net: net.encoder.layers[-1].ln_1, Tokens("seq", 1))
    m["deit"] = (lambda: DeiTStyle(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32, mlp_dim=64, num_classes=10), 32,
                 lambda net: net.encoder.layers[-1].ln_1, Tokens("seq", 2))
    m["convnext"] = (lambda: convnext.ConvNeXt([convnext.CNBlockConfig(16, 32, 1), convnext.CNBlockConfig(32, None, 1)],
                                               layer_scale=1.0, num_classes=10), 32,
                     lambda net: net.features[-1], Tokens("nchw"))
    m["swin"] = (lambda: swin_transformer.SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[1, 2],
                                                          window_size=[2, 2], stochastic_depth_prob=0.0, num_classes=10), 32,
                 lambda net: net.norm, Tokens("nhwc"))
    m["swin_v2"] = (lambda: swin_transformer.SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[1, 2],
                                                             window_size=[2, 2], stochastic_depth_prob=0.0, num_classes=10,
                                                             block=swin_transformer.SwinTransformerBlockV2,
                                                             downsample_layer=swin_transformer.PatchMergingV2), 32,
                    lambda net: net.norm, Tokens("nhwc"))
    m["maxvit"] = (lambda: tvm.MaxVit(input_size=(32, 32), stem_channels=8, partition_size=2, block_channels=[16, 32], block_layers=[1, 1],
                                      head_dim=8, stochastic_depth_prob=0.0, num_classes=10), 32,
                   lambda net: net.blocks[-1], Tokens("nchw"))
    m["shufflenet_v2"] = (lambda: shufflenetv2.ShuffleNetV2([1, 1, 1], [8, 16, 32, 64, 128], num_classes=10), 64,
                          lambda net: net.conv5, Tokens("nchw"))
    m["efficientnet"] = (lambda: efficientnet.EfficientNet([efficientnet.MBConvConfig(1, 3, 1, 8, 8, 1), efficientnet.MBConvConfig(4, 3, 2, 8, 16, 1),
                                                            efficientnet.MBConvConfig(4, 5, 2, 16, 24, 1)], dropout=0.0,
                                                           stochastic_depth_prob=0.0, num_classes=10, last_channel=64), 64,
                         lambda net: net.features[-1], Tokens("nchw"))
    cfg = mobilenetv3.InvertedResidualConfig
    m["mobilenet_v3"] = (lambda: mobilenetv3.MobileNetV3([cfg(16, 3, 16, 16, True, "RE", 2, 1, 1.0), cfg(16, 3, 48, 24, False, "HS", 2, 1, 1.0),
                                                          cfg(24, 5, 72, 24, True, "HS", 1, 1, 1.0)], last_channel=64, num_classes=10), 64,
                         lambda net: net.features[-1], Tokens("nchw"))
    m["uint8_nhwc"] = (lambda: Uint8Nhwc(small_cnn()), 32, lambda net: net.cnn[5], Tokens("nchw"))
    m["uint8_nhwc_float"] = (lambda: Uint8Nhwc(small_cnn(), cast=False), 32, lambda net: net.cnn[5], Tokens("nchw"))
    return m


def export(net, x, path, opset):
    torch.onnx.export(net, x, path, opset_version=opset, input_names=["image"], output_names=["logits"],
                      do_constant_folding=True)


def build(name, spec, seed=11):
    make, size, layer_of, tokens = spec
    torch.manual_seed(seed)
    net = reinit(make(), seed)
    g = torch.Generator().manual_seed(seed + 1)
    if name.startswith("uint8"):
        img = torch.randint(0, 256, (1, size, size, 3), generator=g, dtype=torch.uint8)
        x = img if name == "uint8_nhwc" else img.float()
    else:
        x = torch.randn(1, 3, size, size, generator=g)
    meta = {"name": name, "size": size, "opsets": [], "failures": {}}
    os.makedirs(OUT, exist_ok=True)
    for opset in (13, 17):
        path = os.path.join(OUT, f"{name}_op{opset}.onnx")
        try:
            export(net, x, path, opset)
            meta["opsets"].append(opset)
        except Exception as e:  # noqa: BLE001 - record why the exporter refused
            meta["failures"][str(opset)] = str(e).splitlines()[0][:300]
            if os.path.exists(path):
                os.remove(path)
    if not meta["opsets"]:
        print(name, "not exported:", meta["failures"])
        with open(os.path.join(OUT, "export-failures.txt"), "a") as f:
            for opset, why in sorted(meta["failures"].items()):
                f.write(f"{name}_op{opset}\t{why[:200]}\n")
        return meta
    ref = os.path.join(OUT, name + ".ref")
    os.makedirs(ref, exist_ok=True)
    np.save(os.path.join(ref, "input.npy"), x.numpy())
    results = {}
    for dtype in (torch.float64, torch.float32):
        net_d = net.to(dtype)
        xin = x.to(dtype).clone().requires_grad_(True)
        captured = {}
        h = layer_of(net_d).register_forward_hook(lambda m, i, o: captured.__setitem__("a", o))
        logits = net_d(xin)[0]
        h.remove()
        a = captured["a"]
        a.retain_grad()
        target = int(torch.argmax(logits)) if "target" not in meta else meta["target"]
        meta["target"] = target
        logits[target].backward()
        results[dtype] = (logits.detach().numpy(), xin.grad.numpy()[0], tokens.grid(a.detach()).numpy(), tokens.grid(a.grad).numpy())
        meta["layer_shape"] = list(a.shape)
    net.float()
    lg, ig, act, grad = results[torch.float64]
    np.save(os.path.join(ref, "logits.npy"), lg)
    np.save(os.path.join(ref, "input_grad.npy"), ig)
    np.save(os.path.join(ref, "input_grad32.npy"), results[torch.float32][1].astype(np.float32))
    np.save(os.path.join(ref, "cam_act.npy"), act)
    np.save(os.path.join(ref, "cam_grad.npy"), grad)
    w = grad.mean(axis=(1, 2))
    np.save(os.path.join(ref, "gradcam.npy"), np.maximum((w[:, None, None] * act).sum(0), 0))
    ig32 = results[torch.float32][1]
    meta["float32_vs_float64_maxrel"] = float(np.abs(ig32 - ig).max() / np.abs(ig).max())
    meta["layer_kind"] = tokens.kind
    meta["tokens_dropped"] = tokens.drop
    with open(os.path.join(ref, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    print(name, meta)
    return meta


if __name__ == "__main__":
    all_models = models()
    for n in sys.argv[1:] or list(all_models):
        build(n, all_models[n])
