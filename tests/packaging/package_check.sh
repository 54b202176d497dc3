#!/usr/bin/env bash
# ctest package_deb: builds the .deb as an administrator would get it (scripts/package.sh, Release, in its
# own build folder), then checks it as Debian and a user would: lintian with no error or warning, the
# desktop entry and AppStream metadata valid, unpacked with dpkg -x into a temporary root the installed
# kmconsole-cli runs (--version, --help, a command's --help), the man pages render with every command
# and the exit status, bash completion offers commands and profile names, and no sandbox is inside.
#   tests/packaging/package_check.sh SOURCE_DIR RELEASE_BUILD_DIR
set -euo pipefail
src=$1
export KM_RELEASE_DIR=$2
start=$SECONDS
fail() { echo "package_check: FAIL: $*" >&2; exit 1; }

deb=$("$src/scripts/package.sh" | tail -n 1)
[ -f "$deb" ] || fail "scripts/package.sh made no .deb"
echo "package_check: built $deb in $((SECONDS - start)) s"
version=$(dpkg-deb -f "$deb" Version)

# lintian: errors and warnings fail (overrides, if any, live in the package with a reason).
lintian --fail-on error,warning --display-level ">=warning" "$deb" || fail "lintian reports errors or warnings (above)"
for field in Maintainer Section Description; do
    dpkg-deb -f "$deb" "$field" | grep -q . || fail "the package has no $field"
done
[ "$(dpkg-deb -f "$deb" Section)" = admin ] || fail "section is $(dpkg-deb -f "$deb" Section), not admin"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
if dpkg-deb -c "$deb" | grep -i sandbox; then fail "the package holds sandbox files (above)"; fi
desktop-file-validate "$root/usr/share/applications/kmconsole.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$root/usr/share/metainfo/kmconsole.metainfo.xml" || fail "appstreamcli validate"

cli=$root/usr/bin/kmconsole-cli
export KMCONSOLE_CONFIG_DIR=$root/config LC_ALL=C.UTF-8
[ "$("$cli" --version)" = "kmconsole-cli ${version%%-*}" ] || fail "installed kmconsole-cli --version says '$("$cli" --version)'"
"$cli" --help | grep -q '^Commands:$' || fail "installed kmconsole-cli --help lists no commands"
"$cli" token inspect --help | grep -q -- '--token-stdin' || fail "installed kmconsole-cli token inspect --help"
file -L "$cli" "$root/usr/bin/kmconsole" | grep -v ', stripped' && fail "binaries are not stripped"

# Man pages: every command, the exit status, and no roff warnings.
for page in kmconsole kmconsole-cli; do
    text=$(MANWIDTH=100 man --warnings -l "$root/usr/share/man/man1/$page.1.gz" 2>"$root/man.err")
    [ ! -s "$root/man.err" ] || fail "man $page: $(cat "$root/man.err")"
    grep -q "EXIT STATUS" <<<"$text" || fail "man $page has no EXIT STATUS"
done
"$cli" --help | sed -n '/^Commands:$/,/^$/s/^  kmconsole-cli //p' | awk '{ print $1, $2 }' | sed 's/ [^a-z].*//' | sort -u |
    while read -r words; do
        MANWIDTH=200 man -l "$root/usr/share/man/man1/kmconsole-cli.1.gz" 2>/dev/null | grep -q -- "$words" || fail "man kmconsole-cli lacks '$words'"
    done

# Completion: commands, subcommands, options and profile names from the installed program.
mkdir -p "$KMCONSOLE_CONFIG_DIR"
cat >"$KMCONSOLE_CONFIG_DIR/profiles.json" <<'JSON'
{"version": 1, "activeApim": "dev",
 "apim": [{"name": "dev", "url": "https://apim.example:9443", "username": "admin"},
          {"name": "prod", "url": "https://apim.example:9444", "username": "admin"}],
 "asgardeo": [{"name": "acme", "organization": "acme", "clientId": "c"}],
 "entra": [{"name": "contoso", "tenant": "contoso.onmicrosoft.com", "clientId": "c"}], "secretKeys": []}
JSON
complete_words() {
    PATH="$root/usr/bin:$PATH" bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kmconsole_cli; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
        _ "$root/usr/share/bash-completion/completions/kmconsole-cli" kmconsole-cli "$@"
}
expect_completion() {
    local want=$1; shift
    local got; got=$(complete_words "$@")
    [ "$got" = "$want " ] || fail "completing '$*' gave '$got', wanted '$want'"
}
expect_completion "key-managers" key
expect_completion "create diff edit export import list secret" key-managers ""
expect_completion "--token-stdin" token inspect --token-s
expect_completion "dev prod" key-managers list --profile ""
expect_completion "acme" setup asgardeo --apim dev --asgardeo ""
expect_completion "contoso" azure check-app --entra ""
zsh -n "$root/usr/share/zsh/vendor-completions/_kmconsole-cli" || fail "the zsh completion does not parse"

echo "package_check: $deb passed in $((SECONDS - start)) s"
