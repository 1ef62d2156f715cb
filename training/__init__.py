"""ESR-9 training for fer: run the scripts as modules from the repository root, e.g.
`/usr/bin/python3 -m training.train --minutes 150` (see training/README.md)."""
