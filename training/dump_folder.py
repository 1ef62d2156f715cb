"""Write a split's majority-labelled faces as PNG files in class folders, the layout `fer eval` reads, so the
TypeScript port can be scored on exactly the images evaluate.py scores.

  python3 -m training.dump_folder --split valid --out /tmp/fer-valid && npx fer eval /tmp/fer-valid --detector none
"""
import os
import struct
import zlib

from .arguments import build_parser
from .data import load_split
from .fer_files import AFFECTNET_ORDER


def png_bytes(grey):
    """An 8-bit greyscale PNG of a (H, W) uint8 array (standard library only)."""
    h, w = grey.shape
    raw = b"".join(b"\x00" + grey[y].tobytes() for y in range(h))

    def chunk(kind, data):
        """One PNG chunk with its CRC."""
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    """Dump the majority-labelled rows of a split."""
    p = build_parser(__doc__, "split", "data")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    split = load_split(args.split, args.data)
    count = 0
    for row, (image, label) in enumerate(zip(split["images"].numpy(), split["majority"].tolist())):
        if label < 0:
            continue
        folder = os.path.join(args.out, AFFECTNET_ORDER[label])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{row:05d}.png"), "wb") as f:
            f.write(png_bytes(image))
        count += 1
    print(f"wrote {count} faces under {args.out}")


if __name__ == "__main__":
    main()
