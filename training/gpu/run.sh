#!/usr/bin/env bash
# The whole GPU training as one run on a borrowed GPU machine (training/gpu/README.md). Needs PyTorch (CUDA) and
# training/gpu/data/fer.pack (made here by -m training.pack; it travels as a carried, git-ignored path).
# Writes to $OUT only what may come back (<= 8 files of <= 16 MiB): train.log, history.json, weights.json,
# weights.part0..2 (float16 ESR-9, joined here by -m training.gpu.join).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${OUT:?set OUT to the folder whose files come back}"
MINUTES="${MINUTES:-7}"
PACK="${PACK:-training/gpu/data/fer.pack}"
PY="${PYTHON:-python3}"
[ -f "$PACK" ] || { echo "run.sh: $PACK missing: make it with python3 -m training.pack and carry it" >&2; exit 3; }
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
"$PY" -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
"$PY" -m training.train --data "$PACK" --minutes "$MINUTES" --out "$OUT/run" --batch "${BATCH:-256}" \
  --lr "${LR:-3e-3}" ${EXTRA:-} 2>&1 | tee "$OUT/train.log"
"$PY" -m training.gpu.split "$OUT/run/best.pt" "$OUT"
cp "$OUT/run/history.json" "$OUT/history.json"
rm -rf "$OUT/run"
ls -la "$OUT"
