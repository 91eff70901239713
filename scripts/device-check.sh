#!/usr/bin/env bash
# The WebGPU check on a lent GPU machine, in one call: unpack .device/bundle.tar.xz (made here by
# scripts/device-pack.sh; carried with `carry: [".device"]`), then, on the GPU through Dawn/Vulkan:
# the adapter probe, the ResNet50 seed case (npm run repro), the bench, and a small golden made on
# webgpu then checked on wasm. Figures go to $OUT (or .device/out). Needs NVIDIA's Vulkan ICD there.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-.device/out}"; mkdir -p "$out" .device/run
[ -f .device/bundle.tar.xz ] || { echo "[device-check] no .device/bundle.tar.xz: run scripts/device-pack.sh and carry .device" >&2; exit 1; }
xz -dc .device/bundle.tar.xz | tar -C .device/run -xf -
rm -rf node_modules && mv .device/run/node_modules node_modules
export PATH="$PWD/.device/run:$PATH" LD_LIBRARY_PATH="$PWD/.device/run/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
nvidia-smi -L || true
ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null | grep -i nvidia || echo "[device-check] no NVIDIA Vulkan ICD (nvidia_icd.json): Dawn will find no GPU adapter"
tsx=(node --import tsx)
"${tsx[@]}" scripts/webgpu-probe.ts 2>&1 | tee "$out/probe.txt"
time "${tsx[@]}" scripts/repro.ts --backend webgpu --json "$out/repro-webgpu.json" 2>&1 | tail -40 | tee "$out/repro.txt"
"${tsx[@]}" scripts/bench.ts --backends webgpu,wasm --no-torch --json "$out/bench.json" 2>&1 | tail -20 | tee "$out/bench.txt"
# A golden made on the GPU, then checked on wasm (cross-backend tolerances), in a scratch folder.
export NORMPROP_GOLDEN_DIR="$out/golden"; mkdir -p "$NORMPROP_GOLDEN_DIR"
"${tsx[@]}" scripts/golden-update.ts --only small-m0.99-e5-depth1 --backend webgpu 2>&1 | tee "$out/golden-webgpu.txt"
cp "$NORMPROP_GOLDEN_DIR/small-m0.99-e5-depth1.json" "$out/small-m0.99-e5-depth1.webgpu.json"
"${tsx[@]}" scripts/golden-update.ts --only small-m0.99-e5-depth1 --backend wasm 2>&1 | tee "$out/golden-on-wasm.txt"
