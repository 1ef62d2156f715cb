"""Pack the FER data into one compact file that fits a GPU run's 64 MiB transfer limit (the repository itself
takes ~41 MiB): every face as 8x8-block DCT coefficients quantised with the JPEG luminance table at a chosen
quality (JPEG's own method, with lzma instead of Huffman coding), plus the CSV columns training needs.
Decoding needs only numpy and the Python standard library.

  python3 -m training.pack --out training/gpu/data/fer.pack [--quality 75]
  python3 -m training.pack --check training/gpu/data/fer.pack   # PSNR against the originals
"""
import json
import lzma
import os
import struct

import numpy as np

from .arguments import build_parser
from .paths import PACK_FILE, default_data_dir


JPEG_LUMA = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99], dtype=np.float64).reshape(8, 8)
MAGIC = b"FERPACK1"


def dct_matrix():
    """Orthonormal 8-point DCT-II matrix."""
    k, n = np.meshgrid(np.arange(8), np.arange(8), indexing="ij")
    d = np.cos(np.pi * (2 * n + 1) * k / 16) * np.sqrt(2 / 8)
    d[0] /= np.sqrt(2)
    return d


def quant_table(quality):
    """IJG scaling of the JPEG luminance table for a quality in 1..100."""
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    return np.clip(np.floor((JPEG_LUMA * scale + 50) / 100), 1, 255)


def encode_images(images, quality):
    """(N,48,48) uint8 -> lzma bytes of int16 coefficients, frequency-major, DC delta-coded."""
    d, q = dct_matrix(), quant_table(quality)
    n = len(images)
    blocks = images.reshape(n, 6, 8, 6, 8).transpose(0, 1, 3, 2, 4).astype(np.float64) - 128
    coef = np.rint(np.einsum("ij,nabjk,lk->nabil", d, blocks, d) / q).astype(np.int16)
    planes = coef.reshape(-1, 64).T.copy()
    planes[0] = np.diff(planes[0], prepend=0)
    return lzma.compress(planes.tobytes(), preset=9 | lzma.PRESET_EXTREME)


def decode_images(blob, n, quality):
    """Inverse of encode_images: lzma bytes -> (N,48,48) uint8."""
    d, q = dct_matrix(), quant_table(quality)
    planes = np.frombuffer(lzma.decompress(blob), dtype=np.int16).reshape(64, -1).astype(np.int64)
    planes[0] = np.cumsum(planes[0])
    coef = planes.T.reshape(n, 6, 6, 8, 8) * q
    blocks = np.einsum("ji,nabjk,kl->nabil", d, coef, d) + 128
    return np.clip(np.rint(blocks), 0, 255).astype(np.uint8).transpose(0, 1, 3, 2, 4).reshape(n, 48, 48)


def write_pack(path, splits, quality):
    """splits: name -> (images uint8 N,48,48, csv text). One file: magic, JSON header, blobs."""
    header, blobs = {"quality": quality, "splits": {}}, []
    for name, (images, csv_text) in splits.items():
        img, csv_blob = encode_images(images, quality), lzma.compress(csv_text.encode())
        header["splits"][name] = {"n": len(images), "images": len(img), "csv": len(csv_blob)}
        blobs += [img, csv_blob]
    text = json.dumps(header).encode()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".tmp", "wb") as f:
        f.write(MAGIC + struct.pack("<I", len(text)) + text + b"".join(blobs))
    os.replace(path + ".tmp", path)


def read_pack(path):
    """name -> (images uint8 N,48,48, csv text) from a pack file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != MAGIC:
        raise ValueError(f"{path}: not a FER pack file")
    (size,) = struct.unpack("<I", data[8:12])
    header, pos, out = json.loads(data[12:12 + size]), 12 + size, {}
    for name, info in header["splits"].items():
        img = data[pos:pos + info["images"]]
        pos += info["images"]
        csv_text = lzma.decompress(data[pos:pos + info["csv"]]).decode()
        pos += info["csv"]
        out[name] = (decode_images(img, info["n"], header["quality"]), csv_text)
    return out


def main():
    """Pack ../shared/data/fer (train and valid), or check a pack against the originals."""
    p = build_parser(__doc__, "data", "limit", data=default_data_dir(), limit=0)
    p.add_argument("--out", default=PACK_FILE)
    p.add_argument("--quality", type=int, default=75)
    p.add_argument("--check", default=None, help="report PSNR of this pack against --data")
    args = p.parse_args()
    raw = {}
    for split in ("train", "valid"):
        images = np.fromfile(os.path.join(args.data, f"{split}.u8"), dtype=np.uint8).reshape(-1, 48, 48)
        with open(os.path.join(args.data, f"{split}.csv")) as f:
            lines = f.read().splitlines(keepends=True)
        if args.limit:
            images, lines = images[:args.limit], lines[:args.limit + 1]
        raw[split] = (images, "".join(lines))
    if args.check:
        for name, (images, _) in read_pack(args.check).items():
            err = ((images.astype(np.float64) - raw[name][0][:len(images)]) ** 2).mean()
            print(f"{name}: {len(images)} faces, PSNR {10 * np.log10(255 ** 2 / max(err, 1e-12)):.1f} dB")
        return
    write_pack(args.out, raw, args.quality)
    print(f"wrote {args.out}: {os.path.getsize(args.out) / 2 ** 20:.2f} MiB (quality {args.quality})")


if __name__ == "__main__":
    main()
