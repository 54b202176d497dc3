#!/usr/bin/env bash
# The tree's own sources in a build's compile_commands.json, once each (no generated moc/uic/rcc files, nothing
# under a build directory): what scripts/clazy.sh and scripts/tidy.sh analyse.
#   scripts/tree-sources.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python3 - "$1/compile_commands.json" "$root" <<'PY'
import json, sys
root = sys.argv[2] + '/'
seen = set()
for entry in json.load(open(sys.argv[1])):
    f = entry['file']
    if f.startswith(root) and '_autogen' not in f and '/build' not in f[len(root) - 1:] and f not in seen:
        seen.add(f)
        print(f)
PY
