#!/usr/bin/env bash
# Builds the Debian package: a Release build of kmconsole and kmconsole-cli (no tests, no sandbox) with
# Debian's hardening flags, man pages from help2man, then cpack -G DEB. Prints the .deb's path last.
#   scripts/package.sh            in build-release (KM_RELEASE_DIR)
# Needs help2man and dpkg-dev (dpkg-shlibdeps, dpkg-buildflags): scripts/setup.sh --package.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KM_RELEASE_DIR:-$root/build-release}
for tool in help2man dpkg-shlibdeps dpkg-buildflags; do
    command -v "$tool" >/dev/null || { echo "package.sh: $tool is missing (scripts/setup.sh --package installs it)" >&2; exit 2; }
done
# shellcheck source=scripts/release-flags.sh
. "$root/scripts/release-flags.sh"
# Only what the package holds is built: CMAKE_SKIP_INSTALL_ALL_DEPENDENCY keeps cpack from building
# every target (tests, the sandbox) first.
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DKM_PACKAGE=ON \
    -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build_dir" --target kmconsole kmconsole-cli package_docs
(cd "$build_dir" && cpack -G DEB >/dev/null)
ls "$build_dir"/kmconsole_*.deb
