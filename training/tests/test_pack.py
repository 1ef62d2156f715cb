"""pack.py: the compact FER file that travels to a GPU run (numpy only)."""
import os
import tempfile
import unittest

import numpy as np

from training.pack import decode_images, encode_images, read_pack, write_pack


def smooth_faces(n, seed=0):
    """n 48x48 uint8 images with smooth gradients and a blob, like faces rather than noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:48, 0:48] / 47.0
    out = []
    for _ in range(n):
        a, b, c = rng.uniform(40, 200, 3)
        blob = np.exp(-((x - rng.uniform(0.3, 0.7)) ** 2 + (y - rng.uniform(0.3, 0.7)) ** 2) / 0.02)
        out.append(np.clip(a + (b - a) * x + (c - a) * y * 0.5 + 50 * blob, 0, 255))
    return np.stack(out).astype(np.uint8)


def psnr(a, b):
    """Peak signal-to-noise ratio in dB between two uint8 arrays."""
    err = ((a.astype(np.float64) - b.astype(np.float64)) ** 2).mean()
    return 10 * np.log10(255 ** 2 / max(err, 1e-12))


class PackTest(unittest.TestCase):
    def test_images_survive_the_dct_coding(self):
        faces = smooth_faces(5)
        for quality, floor in ((50, 30.0), (90, 38.0)):
            back = decode_images(encode_images(faces, quality), len(faces), quality)
            self.assertEqual(back.shape, faces.shape)
            self.assertEqual(back.dtype, np.uint8)
            self.assertGreater(psnr(faces, back), floor, f"quality {quality}")

    def test_higher_quality_is_closer_and_larger(self):
        faces = smooth_faces(8, seed=1)
        low, high = encode_images(faces, 30), encode_images(faces, 95)
        self.assertLess(len(low), len(high))
        self.assertLess(psnr(faces, decode_images(low, 8, 30)), psnr(faces, decode_images(high, 8, 95)))

    def test_file_round_trip_keeps_splits_and_csv_text(self):
        splits = {"train": (smooth_faces(3, seed=2), "fer2013,neutral\n3,1\n6,2\n0,0\n"),
                  "valid": (smooth_faces(2, seed=3), "fer2013,neutral\n1,4\n2,5\n")}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "sub", "fer.pack")
            write_pack(path, splits, 85)
            back = read_pack(path)
            self.assertFalse(os.path.exists(path + ".tmp"))
        self.assertEqual(sorted(back), ["train", "valid"])
        for name, (images, text) in splits.items():
            self.assertEqual(back[name][1], text)
            self.assertEqual(back[name][0].shape, images.shape)
            self.assertGreater(psnr(images, back[name][0]), 30.0)

    def test_other_files_are_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "not.pack")
            with open(path, "wb") as f:
                f.write(b"PK\x03\x04 a zip file")
            with self.assertRaisesRegex(ValueError, "not a FER pack file"):
                read_pack(path)


if __name__ == "__main__":
    unittest.main()
