# bin/slipway: environments (etc/env/NAME/) and the secrets and variables configuration refers to
# (docs/configuration.md).
# Sourced by bin/slipway, which defines KARAF_HOME, the exit codes, say and fail.

# The environments etc/env/ has folders for, comma-separated; "none" when it has none.
known_environments() {
    local names
    names=$(find "$KARAF_HOME/etc/env" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null \
        | grep -E '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' | sort | paste -sd, - | sed 's/,/, /g')
    printf '%s' "${names:-none}"
}

# The environment of the running JVM (pid $1), from its command line; empty for none.
running_environment() {
    tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | sed -n 's/^-Dslipway\.env=//p' | head -n 1
}

# The secrets directories Config Admin's interpolation plugin reads (etc/config.properties), one per line.
secrets_directories() {
    local value
    value=$(sed -n 's/^org\.apache\.felix\.configadmin\.plugin\.interpolation\.secretsdir[[:space:]]*=[[:space:]]*//p' \
        "$KARAF_HOME/etc/config.properties" 2>/dev/null | tail -n 1)
    value=${value//\$\{karaf.base\}/$KARAF_HOME}; value=${value//\$\{karaf.home\}/$KARAF_HOME}
    value=${value//\$\{karaf.etc\}/$KARAF_HOME/etc}
    printf '%s\n' "${value:-$KARAF_HOME/secrets}" | tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'
}

# Each $[secret:NAME] and $[env:NAME] (without a default) of the configuration files fileinstall reads from etc/
# (*.cfg, *.config, *.json) and of the environment's overlay that Config Admin's interpolation plugin would leave
# unexpanded, as "FILE, key KEY refers to REF, WHAT": the application would read the reference itself. Names
# file, key (the line's first word; for JSON its first quoted name) and reference, never a value.
missing_references() { # environment
    local file match line ref name key dir found
    for file in "$KARAF_HOME"/etc/*.cfg "$KARAF_HOME"/etc/*.config "$KARAF_HOME"/etc/*.json \
            ${1:+"$KARAF_HOME/etc/env/$1"/*.cfg}; do
        [ -f "$file" ] || continue
        while IFS= read -r match; do
            [ -n "$match" ] || continue
            line=$(sed -n "${match%%:*}p" "$file"); ref=${match#*:}
            [[ "$line" =~ ^[[:space:]]*[#!] ]] && continue
            [[ "$ref" =~ \;[[:space:]]*default= ]] && continue
            name=${ref#*:}; name=${name%%[;\]]*}
            key=$(printf '%s' "$line" | sed -E 's/^[[:space:]]*"?([^"=:[:space:]]+).*/\1/')
            found=no
            case "$ref" in
                '$[secret:'*)
                    if [ -n "$name" ] && [[ "$name" != *..* ]]; then
                        while IFS= read -r dir; do [ -f "$dir/$name" ] && found=yes; done < <(secrets_directories)
                    fi
                    [ "$found" = yes ] || printf '%s, key %s refers to %s, a secret that is not in %s\n' \
                        "${file#"$KARAF_HOME"/}" "$key" "$ref" "$(secrets_directories | sed "s|^$KARAF_HOME/||" | paste -sd, -)" ;;
                *)
                    [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && printenv "$name" > /dev/null && found=yes
                    [ "$found" = yes ] || printf '%s, key %s refers to %s, a variable this environment does not have\n' \
                        "${file#"$KARAF_HOME"/}" "$key" "$ref" ;;
            esac
        done < <(grep -noE '\$\[(secret|env):[^]]*\]' "$file")
    done
}
