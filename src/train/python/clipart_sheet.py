#!/usr/bin/python3
"""Draws every clip-art drawing of the teaching classes on one sheet (docs/images/clipart-classes.png): one row per
class, training drawings on white, held-out drawings on pink. Shows at a glance how few drawings a class has and how
different a held-out drawing can be from the training ones.

Usage: /usr/bin/python3 src/train/python/clipart_sheet.py [--out docs/images/clipart-classes.png] [--cell 72]
Needs openclipart-png and python3-pil.
"""
import argparse
import json
import os

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = os.path.join(HERE, "../../main/resources/dev/gradlens/scenes/clipart-classes.json")
TRAIN_BG, TEST_BG, GAP_BG = (255, 255, 255), (255, 205, 205), (225, 225, 225)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(HERE, "../../../docs/images/clipart-classes.png"))
    ap.add_argument("--cell", type=int, default=72)
    ap.add_argument("--root", default=os.environ.get("GRADLENS_CLIPART", "/usr/share/openclipart/png"))
    args = ap.parse_args()
    doc = json.load(open(CLASSES))
    cell, label_w = args.cell, 64
    cols = max(len(c["train"]) + len(c["test"]) for c in doc["classes"])
    sheet = Image.new("RGB", (label_w + cols * cell, len(doc["classes"]) * cell), GAP_BG)
    draw = ImageDraw.Draw(sheet)
    for row, c in enumerate(doc["classes"]):
        y = row * cell
        draw.text((4, y + cell // 2 - 12), c["name"], fill=(0, 0, 0))
        draw.text((4, y + cell // 2), "%d+%d" % (len(c["train"]), len(c["test"])), fill=(90, 90, 90))
        for col, (src, bg) in enumerate([(s, TRAIN_BG) for s in c["train"]] + [(s, TEST_BG) for s in c["test"]]):
            x = label_w + col * cell
            draw.rectangle([x + 1, y + 1, x + cell - 2, y + cell - 2], fill=bg)
            with Image.open(os.path.join(args.root, src)) as im:
                im = im.convert("RGBA")
                im.thumbnail((cell - 6, cell - 6), Image.LANCZOS)
                sheet.paste(im, (x + (cell - im.width) // 2, y + (cell - im.height) // 2), im)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    # a 256-colour palette keeps the sheet under 200 KB in the repository; clip-art has few colours anyway
    sheet.quantize(256, method=Image.MEDIANCUT, dither=Image.NONE).save(args.out, optimize=True)
    print("wrote %s (%dx%d)" % (args.out, sheet.width, sheet.height))


if __name__ == "__main__":
    main()
