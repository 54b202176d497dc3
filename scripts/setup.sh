#!/usr/bin/env bash
# Installs what kmconsole needs on Debian 12 (only what is missing), then configures and builds.
#   scripts/setup.sh            build dependencies + build
#   scripts/setup.sh --test     also the test peers (gnome-keyring, Xvfb, node packages)
#   scripts/setup.sh --fuzz     also clang and its libFuzzer runtime (scripts/fuzz.sh)
#   scripts/setup.sh --package  also what scripts/package.sh and its check need (help2man, dpkg-dev,
#                               lintian, desktop-file-utils, appstream); --test includes them
# KM_BUILD_DIR (default build), KM_CMAKE_ARGS (extra configure arguments, e.g. -DKM_SANITIZE=ON) and
# KM_BUILD_TARGETS (default: everything) choose what is built where.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KM_BUILD_DIR:-$root/build}
with_tests=0
with_fuzz=0
with_package=0
for arg in "$@"; do
    case "$arg" in
        --test) with_tests=1 with_package=1 ;;
        --package) with_package=1 ;;
        --fuzz) with_fuzz=1 ;;
        *) echo "setup.sh: unknown option $arg (use --test, --fuzz or --package)" >&2; exit 2 ;;
    esac
done

packages=(cmake ninja-build g++ pkg-config ccache qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev
          qt6-websockets-dev qtkeychain-qt6-dev libssl-dev zlib1g-dev libyaml-dev libgl-dev qt6-qpa-plugins qt6-l10n-tools)
if [ $with_tests = 1 ]; then
    # openssl: scripts/bench.sh measures `openssl speed` beside the console (ctest bench_quick).
    # clazy and clang-tidy: scripts/clazy.sh and scripts/tidy.sh, the static analysis step of CI.
    # unzip: the support-bundle tests open the zip with another program than the one that wrote it.
    # poppler-utils: the report tests read the PDF back with pdftotext.
    packages+=(gnome-keyring libsecret-tools dbus dbus-x11 xvfb xauth nodejs npm shellcheck python3-yaml openssl clazy clang-tidy unzip poppler-utils)
fi
if [ $with_package = 1 ]; then
    # scripts/package.sh and tests/packaging/package_check.sh (man and file read the built package).
    packages+=(help2man dpkg-dev lintian desktop-file-utils appstream man-db file zsh)
fi
if [ $with_fuzz = 1 ]; then
    # libclang_rt.fuzzer-x86_64.a (libFuzzer) ships in libclang-rt-14-dev, not in clang itself.
    packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node from another source (e.g. a newer build in /usr/bin) satisfies nodejs/npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for p in "${missing[@]}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || filtered+=("$p"); done
    missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ $with_tests = 1 ] && [ -f "$root/tests/node/package-lock.json" ]; then
    stamp="$root/tests/node/node_modules/.kmconsole-lock"
    if ! cmp -s "$root/tests/node/package-lock.json" "$stamp" 2>/dev/null; then
        echo "Installing the test peers from npm (tests/node)"
        (cd "$root/tests/node" && npm ci --no-audit --no-fund --loglevel=error)
        cp "$root/tests/node/package-lock.json" "$stamp"
    fi
fi

# shellcheck disable=SC2086 # KM_CMAKE_ARGS and KM_BUILD_TARGETS are word lists
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=${KM_BUILD_TYPE:-Debug} ${KM_CMAKE_ARGS:-} >/dev/null
if [ -n "${KM_BUILD_TARGETS:-}" ]; then
    cmake --build "$build_dir" --target ${KM_BUILD_TARGETS}
else
    cmake --build "$build_dir"
fi
