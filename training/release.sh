#!/bin/bash
# Release candidate from a training run: calibrate per-class offsets on the even rows of valid, export to a
# scratch folder, evaluate there (full size and 24x24 faces), and stop. With --install, also copy the weights
# into models/esr9, recalibrate the int8 activation ranges and redraw confusion.png with `fer eval`.
#   training/release.sh training/runs/v6/best.pt [--min-recall 0.3] [--alpha A | --rule targets|balance] [--flip] [--teacher F] [--install]
# --flip: calibrate and evaluate with flip test-time augmentation (fer --flip); --teacher: teacher.mjs output for
# valid, to report agreement with face-api.
# Needs Debian's /usr/bin/python3 (torch) and ../shared/data/fer; prints the figures the model card quotes.
set -euo pipefail
ckpt=$1; shift
min_recall=0.3
alpha=()
rule=()
install=0
flip=()
teacher=()
while [ $# -gt 0 ]; do
  case $1 in
    --min-recall) min_recall=$2; shift 2 ;;
    --alpha) alpha=(--alpha "$2"); shift 2 ;;
    --rule) rule=(--rule "$2"); shift 2 ;;
    --install) install=1; shift ;;
    --flip) flip=(--flip); shift ;;
    --teacher) teacher=(--teacher "$2"); shift 2 ;;
    *) echo "release.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
py=/usr/bin/python3
run=$(dirname "$ckpt")
name=$(basename "$ckpt" .pt)
tag="$name-$min_recall${alpha[1]:+-a${alpha[1]}}${rule[1]:+-${rule[1]}}${flip[0]:+-flip}"
cal="$run/cal-$tag.pt"
out="$run/export-$tag"
"$py" -m training.calibrate --checkpoint "$ckpt" --out "$cal" --min-recall "$min_recall" "${alpha[@]}" "${rule[@]}" "${flip[@]}" | tee "$run/cal-$tag.log"
mkdir -p "$out"
"$py" -m training.export --checkpoint "$cal" --out "$out" | tee "$out/export.log"
"$py" -m training.evaluate --weights "$out/esr9.safetensors" "${flip[@]}" "${teacher[@]}" --json "$out/evaluate.json" | tee "$out/evaluate.log"
"$py" -m training.evaluate --weights "$out/esr9.safetensors" "${flip[@]}" --shrink 24 --json "$out/evaluate24.json" | tee "$out/evaluate24.log"
[ "$install" = 1 ] || exit 0
cp "$out/esr9.safetensors" "$out/golden.safetensors" "$out/metrics.json" models/esr9/
"$py" -m training.calibrate_int8 --faces 500
evalflip=()
[ ${#flip[@]} = 1 ] && evalflip=(--flip)
valid_root=$(mktemp -d)
valid="$valid_root/ferplus-valid" # the folder's name is the charts' title: a stable label, not a temporary name
eval_out=$(mktemp -d)
"$py" -m training.dump_folder --split valid --out "$valid"
node bin/fer.js eval "$valid" --detector none --precision fp32 "${evalflip[@]}" -o "$eval_out" | tail -n 4
node bin/fer.js eval "$valid" --detector none "${evalflip[@]}" -o "$eval_out/default" | tail -n 4
cp "$eval_out/confusion.png" models/esr9/confusion.png
rm -rf "$valid_root"
echo "installed; fer eval output in $eval_out"
