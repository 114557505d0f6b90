# bin/slipway: reaching the running instance: the management endpoint, SSH, outcomes and their exit codes.
# Sourced by bin/slipway, which defines KARAF_HOME, the exit codes, say and fail.

# The management endpoint (HTTP on 127.0.0.1, bearer token): the fast channel for releases, history,
# upgrade, rollback and deploy. Off (port 0) or unreachable: the same commands go through SSH.
management_port() { cfg_value "$KARAF_ETC/org.slipway.management.cfg" port 8102; }
TOKEN_FILE="$KARAF_HOME/data/slipway/management/admin.token"
management_up() {
    [ "${SLIPWAY_CHANNEL:-}" != ssh ] || return 1 # SLIPWAY_CHANNEL=ssh: always through Karaf's SSH client
    local port; port=$(management_port)
    [ "$port" != 0 ] && [ -r "$TOKEN_FILE" ] && port_open "$port"
}

urlencode() { # text
    local text=$1 out="" c i
    for (( i = 0; i < ${#text}; i++ )); do
        c=${text:i:1}
        case "$c" in
            [A-Za-z0-9._~/-]) out+=$c ;;
            *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf '%s' "$out"
}

# One request to the management endpoint, answered as the shell's text with the outcome line; prints the
# HTTP status on the first line, then the body. bash's /dev/tcp: no JVM, no SSH handshake, no curl needed.
# Every read is bounded: HTTP_READ_TIMEOUT seconds for the status line and headers (default 10), then
# HTTP_IDLE_TIMEOUT seconds of silence between two lines of the body (default: the change's timeout twice plus
# 30 s, so that a change that takes minutes still streams its steps). Returns 1 when it cannot connect or send,
# 124 when no status line came in time (nothing was read: the caller may go another way), 125 when the body
# went silent for too long.
run_http() { # method path-and-query
    local port line rc
    local wait=${HTTP_READ_TIMEOUT:-10} idle=${HTTP_IDLE_TIMEOUT:-$(( ${CHANGE_TIMEOUT:-30} * 2 + 30 ))}
    port=$(management_port)
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    # HTTP/1.0: the answer streams (a change's steps as they happen) and ends when the server closes.
    printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nAuthorization: Bearer %s\r\nAccept: text/plain\r\nContent-Length: 0\r\n\r\n' \
        "$1" "$2" "$port" "$(tr -d '[:space:]' < "$TOKEN_FILE")" >&3 || { exec 3>&-; return 1; }
    IFS= read -r -t "$wait" line <&3 || { exec 3>&-; return 124; }
    printf '%s\n' "$line" | cut -d' ' -f2
    while IFS= read -r -t "$wait" line <&3 && [ -n "${line%$'\r'}" ]; do :; done
    while :; do
        line=""
        if IFS= read -r -t "$idle" line <&3; then printf '%s\n' "$line"; continue; fi
        rc=$?
        printf '%s' "$line" # a last line without its newline
        exec 3>&-
        [ "$rc" -le 128 ] || return 125
        return 0
    done
}

# One line on stderr when the endpoint is passed over for SSH.
via_ssh() { # why
    printf 'slipway: the management endpoint %s; going through SSH\n' "$1" >&2
}

# Runs one shell command through Karaf's SSH client; its output and exit status are the command's.
run_client() {
    printf '%s\n' "$*" | "$KARAF_HOME/bin/client" -b -r 1 -d 1
}

cmd_client() {
    [ $# -gt 0 ] || fail $EXIT_USAGE "client needs a shell command, e.g. bin/slipway client bundle:list"
    require_instance
    local status=0
    run_client "$@" || status=$?
    # Karaf's client exits 0 when the connection drops without an exit status: check the instance.
    [ -n "$(running_pid)" ] || fail $EXIT_NOT_RUNNING "the instance stopped while running the command"
    [ "$status" -eq 0 ] || exit $EXIT_FAILED
}

# Runs a Slipway command that ends with "slipway-outcome: X", prints the rest, exits by the outcome.
exit_for() { # outcome
    case "$1" in
        COMMITTED|NO_CHANGES|SIMULATED) exit 0 ;;
        REFUSED|REJECTED|IN_PROGRESS) exit $EXIT_REFUSED ;;
        ROLLED_BACK) exit $EXIT_ROLLED_BACK ;;
        ROLLBACK_FAILED) exit $EXIT_ROLLBACK_FAILED ;;
    esac
}

# This very change's outcome from release:history, for when the connection ended without an outcome line (the
# shell restarted, the SSH session dropped): only an entry recorded at or after $1 (UTC, to the millisecond) of
# the action EXPECT_ACTION on EXPECT_FEATURE (and to EXPECT_TO when set), or a crash recovery of that feature,
# counts; another change's entry never does. Of several (an archive's features), a failure wins over a success.
# Prints the entry, sets HISTORY_OUTCOME.
outcome_from_history() { # started wait-seconds
    local history found deadline=$(( $(date +%s) + $2 ))
    HISTORY_OUTCOME=""
    while :; do # the change may still run: wait for it to end (bounded)
        if [ -n "$(running_pid)" ] && history=$(history_json 2>/dev/null | tr -d '\r'); then
            found=$(printf '%s\n' "$history" | history_entry "$1")
            if [ -n "$found" ]; then
                HISTORY_OUTCOME=${found%%$'\t'*}
                found=${found#*$'\t'}
                say "The connection ended without an outcome; release:history records at ${found%%$'\t'*}: ${found#*$'\t'}"
                return 0
            fi
        fi
        [ "$(date +%s)" -lt "$deadline" ] || return 0
        sleep 1
    done
}

# Reads release:history --json; prints "OUTCOME<tab>TIME<tab>ENTRY" of this change's entry (see above), or nothing.
history_entry() { # started
    awk -v started="$1" -v action="${EXPECT_ACTION:-}" -v feature="${EXPECT_FEATURE:-}" -v to="${EXPECT_TO:-}" '
        function field(r, n,   i) {
            i = index(r, "\"" n "\":\""); if (!i) return ""
            r = substr(r, i + length(n) + 4); return substr(r, 1, index(r, "\"") - 1)
        }
        function key(t,   f) { # 2025-05-01T10:00:00.12Z -> 2025-05-01T10:00:00.120
            f = substr(t, 20, 1) == "." ? substr(t, 21) : ""; sub(/Z$/, "", f)
            return substr(t, 1, 19) "." substr(f "000", 1, 3)
        }
        BEGIN { RS = "[{]\"id\":" }
        NR > 1 {
            t = field($0, "time"); a = field($0, "action"); o = field($0, "outcome")
            if (t == "" || o == "" || key(t) < started) next
            if (feature != "" && field($0, "feature") != feature) next
            if (a != "RECOVERY" && (a != action || (to != "" && field($0, "to") != to))) next
            bad = o != "COMMITTED" && o != "NO_CHANGES" && o != "SIMULATED"
            if (!found || bad >= worst) { found = 1; worst = bad; entry = "{\"id\":" $0; at = t; outcome = o }
        }
        END { if (found) { sub(/[],[:space:]]*$/, "", entry); printf "%s\t%s\t%s\n", outcome, at, entry } }'
}

history_json() {
    local output status=0
    if management_up; then
        output=$(run_http GET "/history?json=true") || status=$?
        if [ "$status" -eq 0 ] && [ "${output%%$'\n'*}" = 200 ]; then
            printf '%s\n' "${output#*$'\n'}"
            return 0
        fi
    fi
    run_client "release:history --json"
}

run_checked() { # shell-command [method path-and-query]
    require_instance
    local output status=0 outcome started shown=no http="" failed
    started=$(date -u +%Y-%m-%dT%H:%M:%S.%3N)
    if [ $# -ge 3 ] && management_up; then
        # Shown as it arrives (the change's steps), kept for the outcome line.
        local kept; kept=$(mktemp)
        run_http "$2" "$3" 2>&1 | tee "$kept" | sed -u '1d; /^slipway-outcome: /d' || status=$?
        http=$(head -n 1 "$kept")
        output=$(sed '1d' "$kept")
        rm -f "$kept"
        shown=yes
        if [ "$http" = 503 ] || { [ -z "$http" ] && [ "$status" -eq 1 ]; }; then
            # Busy (every admin thread taken) or not reachable: nothing was started, SSH may do it.
            via_ssh "$([ "$http" = 503 ] && echo "is busy (HTTP 503)" || echo "cannot be reached")"
            http="" shown=no status=0
            output=$(run_client "$1" 2>&1) || status=$?
        elif [ -z "$http" ] && [ "$status" -eq 124 ]; then
            # The request went out: sent again through SSH, it might run twice (a rollback to "the previous").
            printf 'slipway: the management endpoint did not answer within %s s; the change is not sent again through SSH (it may be running)\n' \
                "${HTTP_READ_TIMEOUT:-10}" >&2
        fi
    else
        output=$(run_client "$1" 2>&1) || status=$?
    fi
    if [ -z "$(running_pid)" ]; then
        [ "$shown" = yes ] || printf '%s\n' "$output" | tr -d '\r'
        fail $EXIT_NOT_RUNNING "the instance stopped while running the command"
    fi
    case "$http" in
        ""|200) ;;
        400) exit $EXIT_USAGE ;;
        *) fail $EXIT_FAILED "the management endpoint answered HTTP $http; nothing was changed" ;;
    esac
    outcome=$(printf '%s\n' "$output" | tr -d '\r' | sed -n 's/^slipway-outcome: \([A-Z_]*\).*/\1/p' | tail -n 1)
    if [ "$shown" = no ]; then
        # The command rendered its outcome; Karaf's "Error executing command" repeats it, in colour: dropped.
        printf '%s\n' "$output" | tr -d '\r' | grep -v -e '^slipway-outcome: ' \
            ${outcome:+-e 'Error executing command: '} || true
    fi
    exit_for "$outcome"
    # A failure said without an outcome (an exception after the change began): failed, whatever the history holds.
    failed=$(printf '%s\n' "$output" | tr -d '\r' | grep -m 1 -E '^(Failed: |Error executing command: )' || true)
    [ -z "$failed" ] || fail $EXIT_FAILED "the command failed without an outcome (${failed}); see release:history and data/log/karaf.log"
    # No outcome line: the outcome is the engine's, read from this change's history entry; never success by default.
    outcome_from_history "$started" "$(( ${CHANGE_TIMEOUT:-30} * 2 + 30 ))"
    exit_for "$HISTORY_OUTCOME"
    fail $EXIT_FAILED "the command ended without an outcome (exit status $status${http:+, HTTP status $http}) and release:history records none since $started UTC; see release:history and data/log/karaf.log"
}

# A read through the endpoint (or the shell): releases, history.
run_read() { # shell-command path-and-query
    require_instance
    if management_up; then
        local output status=0
        output=$(run_http GET "$2") || status=$?
        if [ "$status" -eq 0 ] && [ "${output%%$'\n'*}" = 200 ]; then
            printf '%s\n' "${output#*$'\n'}"
            return 0
        elif [ "$status" -eq 0 ] && [ "${output%%$'\n'*}" = 400 ]; then
            # The endpoint understood and refused the input (an unknown version...): the shell would say the same.
            printf '%s\n' "${output#*$'\n'}" >&2
            return $EXIT_FAILED
        fi
        case "$status" in
            124) via_ssh "did not answer within ${HTTP_READ_TIMEOUT:-10} s" ;;
            125) via_ssh "went silent for ${HTTP_IDLE_TIMEOUT:-$(( ${CHANGE_TIMEOUT:-30} * 2 + 30 ))} s" ;;
            0) via_ssh "answered HTTP ${output%%$'\n'*}" ;;
            *) via_ssh "cannot be reached" ;;
        esac
    fi
    cmd_client "$1"
}
