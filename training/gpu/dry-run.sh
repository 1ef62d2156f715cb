#!/usr/bin/env bash
# CPU proof of the GPU path with a tiny budget and subset: pack -> run.sh -> join -> export -> evaluate.
# Usage: bash training/gpu/dry-run.sh   (needs ../shared/data/fer and python3 with torch; writes under $TMPDIR)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$PY" -m training.pack --limit 320 --out "$work/fer.pack"
"$PY" -m training.pack --limit 320 --check "$work/fer.pack"
mkdir -p "$work/out"
OUT="$work/out" PACK="$work/fer.pack" PYTHON="$PY" MINUTES=0.5 BATCH=16 \
  EXTRA="--max-steps 4 --evals 2 --threads 2" bash training/gpu/run.sh
n=$(find "$work/out" -maxdepth 1 -type f | wc -l); big=$(find "$work/out" -type f -size +16M | wc -l)
[ "$n" -le 8 ] && [ "$big" -eq 0 ] || { echo "dry-run: $n files, $big over 16 MiB: would not come back" >&2; exit 1; }
"$PY" -m training.gpu.join "$work/out" "$work/best.pt"
"$PY" -m training.export --checkpoint "$work/best.pt" --out "$work/model" --valid-limit 64
"$PY" -m training.evaluate --weights "$work/model/esr9.safetensors" --limit 64
echo "dry-run: OK ($n files back)"
