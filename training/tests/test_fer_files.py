"""fer_files.py: FER+ label protocol and split reading (numpy only)."""
import os
import tempfile
import unittest

import numpy as np

from training.fer_files import AFFECTNET_ORDER, FERPLUS_COLUMNS, majority_labels, read_split
from training.pack import write_pack

HEADER = "fer2013," + ",".join(FERPLUS_COLUMNS) + ",unknown,nf\n"


def votes(**counts):
    """One FER+ vote row (10 columns, file order) from column-name counts."""
    return [counts.get(c, 0) for c in FERPLUS_COLUMNS + ["unknown", "nf"]]


class MajorityTest(unittest.TestCase):
    def test_clear_majorities_map_to_affectnet_order(self):
        rows = np.array([votes(happiness=8, neutral=2), votes(surprise=6, fear=4), votes(sadness=7, neutral=3),
                         votes(anger=9, disgust=1), votes(contempt=6, neutral=4)])
        names = [AFFECTNET_ORDER[i] for i in majority_labels(rows)]
        self.assertEqual(names, ["Happy", "Surprise", "Sad", "Anger", "Contempt"])

    def test_no_majority_unknown_or_not_a_face_are_discarded(self):
        rows = np.array([votes(happiness=5, neutral=5), votes(unknown=8, neutral=2), votes(nf=10), votes()])
        self.assertEqual(majority_labels(rows).tolist(), [-1, -1, -1, -1])

    def test_single_votes_are_noise(self):
        # FER+ protocol: a class with one vote is dropped before the majority is taken, so 4 of 5 remaining is kept.
        rows = np.array([votes(fear=4, anger=1, disgust=1, sadness=1, neutral=1)])
        self.assertEqual(AFFECTNET_ORDER[majority_labels(rows)[0]], "Fear")


class ReadSplitTest(unittest.TestCase):
    def write_folder(self, folder, n_images, rows):
        """A FER folder with valid.u8 (n_images faces) and valid.csv (rows of fer2013 label + vote counts)."""
        np.arange(n_images * 48 * 48, dtype=np.uint64).astype(np.uint8).tofile(os.path.join(folder, "valid.u8"))
        with open(os.path.join(folder, "valid.csv"), "w") as f:
            f.write(HEADER + "".join(f"{label}," + ",".join(map(str, v)) + "\n" for label, v in rows))

    def test_folder_split_gives_votes_soft_targets_and_fer2013_labels(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.write_folder(tmp, 2, [(3, votes(happiness=6, neutral=2, nf=2)), (0, votes(anger=3, disgust=1))])
            split = read_split("valid", tmp)
        self.assertEqual(split["images"].shape, (2, 48, 48))
        self.assertEqual(split["votes"].shape, (2, 10))
        np.testing.assert_allclose(split["soft"].sum(axis=1), [1.0, 1.0], rtol=1e-6)
        self.assertAlmostEqual(float(split["soft"][0, AFFECTNET_ORDER.index("Happy")]), 0.75, places=6)
        self.assertAlmostEqual(float(split["soft"][1, AFFECTNET_ORDER.index("Disgust")]), 0.25, places=6)
        # FER2013's own labels: 3 is happy, 0 is angry.
        self.assertEqual([AFFECTNET_ORDER[i] for i in split["fer2013"]], ["Happy", "Anger"])
        self.assertEqual([AFFECTNET_ORDER[i] for i in split["majority"]], ["Happy", "Anger"])

    def test_rows_and_images_must_match(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.write_folder(tmp, 3, [(3, votes(happiness=6))])
            with self.assertRaisesRegex(ValueError, "1 csv rows but 3 images"):
                read_split("valid", tmp)

    def test_a_pack_file_reads_like_the_folder(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.write_folder(tmp, 1, [(5, votes(surprise=9, nf=1))])
            with open(os.path.join(tmp, "valid.csv")) as f:
                text = f.read()
            images = np.fromfile(os.path.join(tmp, "valid.u8"), dtype=np.uint8).reshape(-1, 48, 48)
            pack = os.path.join(tmp, "fer.pack")
            write_pack(pack, {"valid": (images, text)}, 90)
            folder, packed = read_split("valid", tmp), read_split("valid", pack)
        for key in ("votes", "majority", "soft", "fer2013"):
            np.testing.assert_array_equal(folder[key], packed[key])
        self.assertEqual(packed["images"].shape, (1, 48, 48))


if __name__ == "__main__":
    unittest.main()
