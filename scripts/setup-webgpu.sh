#!/usr/bin/env bash
# normprop's WebGPU path without a GPU: a Vulkan loader and Mesa's software Vulkan driver (lavapipe)
# from Debian's archive, and the optional `webgpu` (Dawn) and @tensorflow/tfjs-backend-webgpu
# packages at the versions webgpu-deps/package-lock.json pins. Idempotent: what is there is kept.
# Dawn refuses bookworm's own Mesa 22.3 lavapipe (it lacks shaderUniform*ArrayDynamicIndexing);
# Mesa 25 from bookworm-backports works. Ends by asking Dawn for an adapter, and fails without one.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[setup:webgpu] $*"; }
# The least Mesa whose lavapipe Dawn accepts (the first tried that works; 22.3 does not).
MIN_MESA=25

mesa_version() { dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true; }
has_vulkan() {
  local v; v="$(mesa_version)"
  dpkg-query -W -f='${Status}' libvulkan1 2>/dev/null | grep -q 'install ok installed' &&
    [ -n "$v" ] && dpkg --compare-versions "$v" ge "$MIN_MESA"
}

install_vulkan() {
  if has_vulkan; then
    say "Vulkan loader libvulkan1 $(dpkg-query -W -f='${Version}' libvulkan1) and mesa-vulkan-drivers $(mesa_version) already installed"
    return
  fi
  if ! command -v apt-get >/dev/null; then
    say "no apt-get: install a Vulkan loader and a Vulkan driver (Mesa >= $MIN_MESA lavapipe, or the GPU's own) yourself"
    return
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  local codename; codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  local target=()
  if [ "$codename" = "bookworm" ]; then
    # bookworm's own Mesa is too old for Dawn: take mesa-vulkan-drivers from Debian's backports.
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      say "enabling bookworm-backports (Debian's archive) in /etc/apt/sources.list.d/bookworm-backports.sources"
      printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
        $sudo tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
    fi
    target=(-t bookworm-backports)
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${target[@]}" libvulkan1 mesa-vulkan-drivers
  say "installed libvulkan1 $(dpkg-query -W -f='${Version}' libvulkan1) and mesa-vulkan-drivers $(mesa_version)"
}

# The two packages come from webgpu-deps/ (its own lockfile: Dawn's package is 51 MB, too much for
# every `npm ci`) and are linked into node_modules, where `import('webgpu')` finds them. Node follows
# the links, so the backend's own imports of tfjs-core resolve to the project's single copy.
installed_version() { node -p "try { require('./node_modules/$1/package.json').version } catch { '' }"; }
locked_version() { node -p "require('./webgpu-deps/package-lock.json').packages['node_modules/$1'].version"; }

install_packages() {
  local pkgs=(webgpu @tensorflow/tfjs-backend-webgpu) current=yes
  for pkg in "${pkgs[@]}"; do
    [ "$(installed_version "$pkg")" = "$(locked_version "$pkg")" ] || current=no
  done
  if [ "$current" = yes ]; then
    say "webgpu@$(locked_version webgpu) and @tensorflow/tfjs-backend-webgpu@$(locked_version @tensorflow/tfjs-backend-webgpu) already in node_modules"
    return
  fi
  npm ci --prefix webgpu-deps --no-audit --no-fund
  for pkg in "${pkgs[@]}"; do
    mkdir -p "node_modules/$(dirname "$pkg")"
    # Relative, so the tree can be copied elsewhere (the device check) with its links intact.
    ln -sfn "$(echo "$pkg" | sed 's#[^/]*#..#g')/webgpu-deps/node_modules/$pkg" "node_modules/$pkg"
  done
  say "installed webgpu@$(installed_version webgpu) and @tensorflow/tfjs-backend-webgpu@$(installed_version @tensorflow/tfjs-backend-webgpu) from webgpu-deps/package-lock.json, linked into node_modules"
}

install_vulkan
install_packages
say "Vulkan ICD files: $(ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null | grep json | tr '\n' ' ')"
# Asks Dawn for an adapter and prints it; exits non-zero when there is none.
npx tsx scripts/webgpu-probe.ts
