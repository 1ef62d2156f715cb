#!/usr/bin/env bash
# One GPU run, installing nothing from the network: `fer image -c`, `fer video -c` and `npm run bench`
# with FER_BENCH_GPU=1, on ONNX Runtime's bundled WebGPU provider (Vulkan on Linux), or CUDA when its
# provider library is installed. Prints the figures. Needs a built tree (npm ci) and, where
# `ldconfig -p | grep libvulkan` prints nothing, the Vulkan loader unpacked from .gl/*.deb (see README, GPU).
set -euo pipefail
cd "$(dirname "$0")/.."
if compgen -G '.gl/*.deb' >/dev/null; then
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
ldconfig -p | grep -q libvulkan || echo 'bench/gpu.sh: no Vulkan loader (libvulkan.so.1): WebGPU will find no adapter' >&2
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; fi
command -v nvidia-smi >/dev/null && nvidia-smi -L || true
[ -f dist/bench/run.js ] || npx tsc -p tsconfig.json
out=$(mktemp -d)
echo '== fer image -c (cold, one run)'
/usr/bin/time -f '%e s wall, %M KiB peak' node bin/fer.js image -c -i media/astronaut.png -b -g -o "$out"
clip=media/astronaut.png
if [ -f ../shared/media/woman2.mp4 ]; then clip=../shared/media/woman2.mp4; fi
if [ "$clip" != media/astronaut.png ]; then
  echo "== fer video -c -f 5 -o ($clip)"
  /usr/bin/time -f '%e s wall, %M KiB peak' node bin/fer.js video -c -i "$clip" -f 5 -o "$out"
fi
echo '== npm run bench on the GPU'
FER_BENCH_GPU=1 node dist/bench/run.js
rm -rf "$out"
