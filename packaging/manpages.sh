#!/usr/bin/env bash
# Builds kmconsole(1) and kmconsole-cli(1) with help2man from the programs' own --help and --version,
# plus the hand-written sections in packaging/*.h2m (exit status, files). kmconsole-cli's page also gets
# a COMMANDS section with every command's own --help, so the page never lists an option the program
# lacks. Pages are gzipped with -9n as Debian policy wants.
#   packaging/manpages.sh KMCONSOLE KMCONSOLE_CLI OUTPUT_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
gui=$1 cli=$2 out=$3
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The console's --help needs no display; a private config dir keeps the build away from the user's.
export QT_QPA_PLATFORM=offscreen KMCONSOLE_CONFIG_DIR="$work/config" LC_ALL=C.UTF-8

# roff-escapes plain text: backslashes, and a leading dot or quote that roff would take as a request.
roff_text() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/" -e 's/-/\\-/g'; }

cp "$here/kmconsole-cli.h2m" "$work/cli.h2m"
{
    # The description is the help's sentence under its usage line; the commands get a section of their own.
    echo "[=DESCRIPTION]"
    "$cli" --help | sed -n '3p' | roff_text
    echo ".PP"
    echo "Every command and its options are listed under COMMANDS below."
    echo "[COMMANDS]"
    printf '%s\n' 'Each command answers \fB\-\-help\fR (or \fB\-h\fR) with the text below.'
    "$cli" --help | sed -n '/^Commands:$/,/^$/p' | sed -n 's/^  kmconsole-cli //p' | while IFS= read -r synopsis; do
        words=()
        for w in $synopsis; do
            [[ $w =~ ^[a-z][a-z-]*$ ]] || break
            words+=("$w")
        done
        echo ".SS \"$(printf '%s' "${words[*]}" | roff_text)\""
        echo ".nf"
        # Skip the usage line (the .SS heading and the synopsis line repeat it) and the closing exit-status line.
        "$cli" "${words[@]}" --help | grep -v '^Exit status:' | roff_text | sed -e 's/^Usage: //' -e 's/^$/.sp/'
        echo ".fi"
    done
} >>"$work/cli.h2m"

help2man --no-info --section=1 --include="$work/cli.h2m" \
    --output="$work/kmconsole-cli.1" "$cli"
help2man --no-info --section=1 --include="$here/kmconsole.h2m" \
    --output="$work/kmconsole.1" "$gui"
for page in kmconsole kmconsole-cli; do
    gzip -9n <"$work/$page.1" >"$out/$page.1.gz"
done
