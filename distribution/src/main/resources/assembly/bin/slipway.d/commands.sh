# bin/slipway: the release commands: upgrade, rollback, releases, config, history, diff, seal.
# Sourced by bin/slipway, which defines KARAF_HOME, the exit codes, say and fail.

# The options upgrade and rollback share, as shell options; sets OPTIONS and ARGS.
parse_change_options() { # allow-install "$@"
    local allow_install=$1; shift
    OPTIONS=() ARGS=() QUERY=""
    while [ $# -gt 0 ]; do
        case "$1" in
            -t|--simulate) OPTIONS+=(--simulate); QUERY+="&simulate=true"; shift ;;
            --json) OPTIONS+=(--json); QUERY+="&json=true"; shift ;;
            --install) [ "$allow_install" = yes ] || fail $EXIT_USAGE "--install applies to archives only"
                       OPTIONS+=(--install); QUERY+="&install=true"; shift ;;
            --config) [ $# -ge 2 ] && [[ "$2" =~ ^(ours|theirs)$ ]] || fail $EXIT_USAGE "--config needs ours or theirs"
                      OPTIONS+=(--config "$2"); QUERY+="&config=$2"; shift 2 ;;
            --timeout) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || fail $EXIT_USAGE "--timeout needs a whole number of seconds, at least 1"
                       OPTIONS+=(--timeout "$2"); QUERY+="&timeout=$2"; CHANGE_TIMEOUT=$2; shift 2 ;;
            -*) fail $EXIT_USAGE "unknown option \"$1\"" ;;
            *) [[ "$1" =~ ^[A-Za-z0-9._/+-]+$ ]] || fail $EXIT_USAGE "\"$1\" is not a feature name or version"
               ARGS+=("$1"); shift ;;
        esac
    done
}

cmd_upgrade() {
    [ $# -gt 0 ] || fail $EXIT_USAGE "upgrade needs an archive (upgrade x.kar) or a feature and version (upgrade greeter 1.1.0)"
    if [[ "$1" == *.kar || "$1" == *.jar ]]; then
        local archive=$1; shift
        [ -f "$archive" ] || fail $EXIT_USAGE "no such archive: $archive"
        archive=$(readlink -f "$archive")
        [[ "$archive" != *[\"\\\$\`]* ]] || fail $EXIT_USAGE "the archive's path contains a quote, backslash, \$ or backquote: $archive"
        parse_change_options yes "$@"
        [ ${#ARGS[@]} -eq 0 ] || fail $EXIT_USAGE "upgrade <archive.kar> takes no other argument, got \"${ARGS[0]}\""
        EXPECT_ACTION=DEPLOY EXPECT_FEATURE="" EXPECT_TO=""
        run_checked "release:deploy --outcome-line ${OPTIONS[*]} \"$archive\"" POST "/deploy?archive=$(urlencode "$archive")$QUERY"
    fi
    parse_change_options no "$@"
    [ ${#ARGS[@]} -eq 2 ] || fail $EXIT_USAGE "upgrade needs a feature and a version, e.g. bin/slipway upgrade greeter 1.1.0"
    EXPECT_ACTION=UPGRADE EXPECT_FEATURE=${ARGS[0]} EXPECT_TO=${ARGS[1]}
    run_checked "feature:upgrade --outcome-line ${OPTIONS[*]} ${ARGS[0]} ${ARGS[1]}" \
        POST "/upgrade?feature=$(urlencode "${ARGS[0]}")&version=$(urlencode "${ARGS[1]}")$QUERY"
}

cmd_rollback() {
    parse_change_options no "$@"
    [ ${#ARGS[@]} -ge 1 ] && [ ${#ARGS[@]} -le 2 ] || fail $EXIT_USAGE "rollback needs a feature and optionally a version, e.g. bin/slipway rollback greeter"
    EXPECT_ACTION=ROLLBACK EXPECT_FEATURE=${ARGS[0]} EXPECT_TO=${ARGS[1]:-}
    run_checked "feature:rollback --outcome-line ${OPTIONS[*]} ${ARGS[*]}" \
        POST "/rollback?feature=$(urlencode "${ARGS[0]}")${ARGS[1]:+&version=$(urlencode "${ARGS[1]}")}$QUERY"
}

cmd_releases() {
    local options="" query=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --json) options=--json; query="?json=true"; shift ;;
            *) fail $EXIT_USAGE "releases takes only --json, got \"$1\"" ;;
        esac
    done
    run_read "release:list $options" "/releases$query"
}

cmd_config() {
    local options="" query="" feature=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --json) options=--json; query+="&json=true"; shift ;;
            -*) fail $EXIT_USAGE "config takes a feature and --json, got \"$1\"" ;;
            *) [ -z "$feature" ] && [[ "$1" =~ ^[A-Za-z0-9._+-]+$ ]] || fail $EXIT_USAGE "\"$1\" is not a feature name"
               feature=$1; shift ;;
        esac
    done
    [ -n "$feature" ] || fail $EXIT_USAGE "config needs an installed feature, e.g. bin/slipway config greeter"
    run_read "release:config $options $feature" "/config?feature=$(urlencode "$feature")$query"
}

cmd_history() {
    local options="" query="" feature=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --json) options=--json; query+="&json=true"; shift ;;
            -*) fail $EXIT_USAGE "history takes a feature and --json, got \"$1\"" ;;
            *) [ -z "$feature" ] && [[ "$1" =~ ^[A-Za-z0-9._+-]+$ ]] || fail $EXIT_USAGE "\"$1\" is not a feature name"
               feature=$1; query+="&feature=$(urlencode "$1")"; shift ;;
        esac
    done
    run_read "release:history $options $feature" "/history?${query#&}"
}

cmd_diff() {
    local options="" query="" args=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --json) options=--json; query="&json=true"; shift ;;
            -*) fail $EXIT_USAGE "diff takes a feature, two versions and --json, got \"$1\"" ;;
            *) [[ "$1" =~ ^[A-Za-z0-9._+-]+$ ]] || fail $EXIT_USAGE "\"$1\" is not a feature name or version"
               args+=("$1"); shift ;;
        esac
    done
    [ ${#args[@]} -eq 3 ] || fail $EXIT_USAGE "diff needs a feature and two versions, e.g. bin/slipway diff greeter 1.0.0 1.1.0"
    run_read "release:diff $options ${args[*]}" \
        "/changelog?feature=$(urlencode "${args[0]}")&from=$(urlencode "${args[1]}")&to=$(urlencode "${args[2]}")$query"
}

# Seals a KAR with the core bundle's ArchiveSealer, run from system/: the same entry, CRC and size checks as a
# deploy; exit 0 sealed, 1 cannot read or write, 2 bad usage (an existing output without --force), 4 rejected.
cmd_seal() {
    local force=false args=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --force) force=true; shift ;;
            -*) fail $EXIT_USAGE "unknown option \"$1\"" ;;
            *) args+=("$1"); shift ;;
        esac
    done
    [ ${#args[@]} -ge 1 ] && [ ${#args[@]} -le 2 ] || fail $EXIT_USAGE "seal needs an archive and optionally an output, e.g. bin/slipway seal greeter-1.3.0.kar"
    local in=${args[0]} out=${args[1]:-${args[0]}}
    [ -f "$in" ] || fail $EXIT_USAGE "no such archive: $in"
    [[ "$out" == *.kar ]] || fail $EXIT_USAGE "the output must be a .kar file: $out"
    [ ! -d "$out" ] || fail $EXIT_USAGE "the output is a folder: $out"
    local core=("$KARAF_HOME"/system/org/slipway/org.slipway.core/*/org.slipway.core-*.jar)
    local api=("$KARAF_HOME"/system/org/slipway/org.slipway.api/*/org.slipway.api-*.jar)
    [ -f "${core[-1]}" ] && [ -f "${api[-1]}" ] || fail $EXIT_FAILED "org.slipway.core or org.slipway.api is missing from $KARAF_HOME/system/"
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "${core[-1]}:${api[-1]}" \
        org.slipway.core.internal.archive.ArchiveSealer "$in" "$out" "$force"
}
