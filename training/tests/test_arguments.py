"""arguments.py: the shared command-line options (standard library only)."""
import contextlib
import io
import unittest

from training.arguments import build_parser
from training.paths import RELEASED_WEIGHTS, RUN_DIR


class BuildParserTest(unittest.TestCase):
    def test_shared_options_and_their_defaults(self):
        args = build_parser("doc", "weights", "checkpoint", "split", "flip", "limit").parse_args([])
        self.assertEqual(args.weights, RELEASED_WEIGHTS)
        self.assertEqual(args.checkpoint, f"{RUN_DIR}/best.pt")
        self.assertEqual((args.split, args.flip, args.limit), ("valid", False, 0))

    def test_a_script_overrides_a_default_by_name(self):
        args = build_parser("doc", "split", "threads", split="train").parse_args(["--threads", "3"])
        self.assertEqual((args.split, args.threads), ("train", 3))

    def test_options_a_script_did_not_ask_for_are_refused(self):
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()) as err:
            build_parser("doc", "data").parse_args(["--flip"])
        self.assertIn("unrecognized arguments: --flip", err.getvalue())

    def test_unknown_shared_names_fail_loudly(self):
        with self.assertRaises(KeyError):
            build_parser("doc", "no-such-option")


if __name__ == "__main__":
    unittest.main()
