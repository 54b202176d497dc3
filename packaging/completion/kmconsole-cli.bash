# bash completion for kmconsole-cli: commands and options come from the program's own --help (so they
# never drift from it), profile names from "kmconsole-cli profile list" after an option that takes one.

# The command words of every command ("profile add apim", "token inspect", …), one command a line.
_kmconsole_cli_commands()
{
    "$1" --help 2>/dev/null | sed -n '/^Commands:$/,/^$/s/^  kmconsole-cli //p' |
        awk '{ line = ""; for (i = 1; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++) line = line (i > 1 ? " " : "") $i; print line }'
}

# Profile names of one kind (apim, asgardeo, entra).
_kmconsole_cli_profiles()
{
    "$1" profile list 2>/dev/null | awk -v kind="$2" '$1 == kind { print $2 }'
}

_kmconsole_cli()
{
    local cli=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=""
    [ "$COMP_CWORD" -gt 1 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()
    case $prev in
        --profile | --apim | --against | --target)
            mapfile -t COMPREPLY < <(compgen -W "$(_kmconsole_cli_profiles "$cli" apim)" -- "$cur"); return ;;
        --asgardeo)
            mapfile -t COMPREPLY < <(compgen -W "$(_kmconsole_cli_profiles "$cli" asgardeo)" -- "$cur"); return ;;
        --entra)
            mapfile -t COMPREPLY < <(compgen -W "$(_kmconsole_cli_profiles "$cli" entra)" -- "$cur"); return ;;
        --input | --output | --jwks-file | --key-manager-json | --bundle)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
        --token-version | --key-manager-version)
            mapfile -t COMPREPLY < <(compgen -W "v1 v2 both" -- "$cur"); return ;;
        --cloud)
            mapfile -t COMPREPLY < <(compgen -W "global usgov china" -- "$cur"); return ;;
        --format)
            mapfile -t COMPREPLY < <(compgen -W "json sh yaml pdf html" -- "$cur"); return ;;
        --key-type)
            mapfile -t COMPREPLY < <(compgen -W "PRODUCTION SANDBOX" -- "$cur"); return ;;
    esac
    # The words typed so far (before the cursor), and the longest command they start with.
    local typed="" i
    for ((i = 1; i < COMP_CWORD; i++)); do typed+="${typed:+ }${COMP_WORDS[i]}"; done
    local commands command="" next=""
    commands=$(_kmconsole_cli_commands "$cli")
    while IFS= read -r c; do
        [ -n "$c" ] || continue
        if [ "$typed" = "$c" ] || [[ "$typed " == "$c "* ]]; then
            [ ${#c} -gt ${#command} ] && command=$c
        elif [ -z "$typed" ]; then
            next+=" ${c%% *}"
        elif [[ "$c" == "$typed "* ]]; then
            local rest=${c#"$typed "}
            next+=" ${rest%% *}"
        fi
    done <<<"$commands"
    if [ -z "$typed" ] && [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "--help --version" -- "$cur")
    elif [ -n "$command" ] && { [ -z "$next" ] || [[ $cur == -* ]]; }; then
        # shellcheck disable=SC2086 # the command's words
        mapfile -t COMPREPLY < <(compgen -W "$("$cli" $command --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)" -- "$cur")
    elif [ -n "$next" ]; then
        # shellcheck disable=SC2086 # one candidate a word
        mapfile -t COMPREPLY < <(compgen -W "$(printf '%s\n' $next | sort -u)" -- "$cur")
    fi
}
complete -F _kmconsole_cli kmconsole-cli
