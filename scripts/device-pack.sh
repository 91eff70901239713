#!/usr/bin/env bash
# Packs what the device check needs onto a GPU machine that may lack Node and Vulkan's loader:
# .device/bundle.tar.xz holds this Node binary, node_modules for running (webgpu's links followed,
# with only the linux-x64 Dawn build; no type checker, test runner or browser), and libvulkan.so.1.
# The GPU's own Vulkan driver (NVIDIA's ICD, nvidia_icd.json + libGLX_nvidia) must be on the machine.
# The run tool carries at most 64 MiB: the script fails if the bundle is larger.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -e node_modules/webgpu ] || { echo "[device-pack] run npm run setup:webgpu first" >&2; exit 1; }
mkdir -p .device/stage/lib
rm -f .device/bundle.tar.xz
cp "$(command -v node)" .device/stage/node
cp -L "$(ldconfig -p | awk '/libvulkan.so.1 /{print $NF; exit}')" .device/stage/lib/libvulkan.so.1
tar -C . -chf - \
  --exclude='node_modules/typescript' --exclude='node_modules/playwright-core' --exclude='node_modules/vitest' \
  --exclude='node_modules/@vitest' --exclude='node_modules/@rolldown' --exclude='node_modules/lightningcss*' \
  --exclude='node_modules/@babel' --exclude='node_modules/core-js' --exclude='node_modules/@types' \
  --exclude='*/dist/darwin-*' --exclude='*/dist/win32-*' --exclude='*/dist/linux-arm64' --exclude='*.map' \
  --exclude='*/dist/*.min.js' --exclude='*/dist/*.es2017.js' --exclude='*/dist/*.fesm.js' --exclude='*/dist/*.esm.js' \
  node_modules | tar -C .device/stage -xf -
tar -C .device/stage -cf - . | xz -T0 -6 > .device/bundle.tar.xz
rm -rf .device/stage
size=$(stat -c %s .device/bundle.tar.xz)
echo "[device-pack] .device/bundle.tar.xz: $((size / 1048576)) MiB"
[ "$size" -le $((60 * 1048576)) ] || { echo "[device-pack] too large for the run tool's 64 MiB carry" >&2; exit 1; }
