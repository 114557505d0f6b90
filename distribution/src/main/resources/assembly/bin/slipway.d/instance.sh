# bin/slipway: the instance's life: start (with its environment and secrets checks), stop, status, console.
# Sourced by bin/slipway, which defines KARAF_HOME, the exit codes, say and fail.

ssh_port() { cfg_value "$KARAF_ETC/org.apache.karaf.shell.cfg" sshPort 8101; }

# The pid of the running Karaf JVM, or nothing.
running_pid() {
    [ -f "$PID_FILE" ] || return 0
    local pid
    pid=$(tr -dc '0-9' < "$PID_FILE")
    [ -n "$pid" ] || return 0
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.apache.karaf.main.Main'; then
        printf '%s' "$pid"
    fi
}

ensure_credentials() {
    if ! grep -qE '^[[:space:]]*slipway[[:space:]]*=' "$USERS_FILE" 2>/dev/null; then
        local password
        password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
        (umask 077; printf '\nslipway = %s,_g_:admingroup\n' "$password" >> "$USERS_FILE")
        say "Generated the credentials of user \"slipway\" in etc/users.properties (readable by its owner only)."
    fi
    chmod 600 "$USERS_FILE"
}

# A connect on loopback is immediate unless the listener's backlog is full: bounded to 2 s all the same.
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null; }

parse_timeout() { # default "$@"
    local timeout=$1; shift
    while [ $# -gt 0 ]; do
        case "$1" in
            --timeout) [ $# -ge 2 ] || fail $EXIT_USAGE "--timeout needs a number of seconds"
                       timeout=$2; shift 2 ;;
            *) fail $EXIT_USAGE "unknown option \"$1\"" ;;
        esac
    done
    [[ "$timeout" =~ ^[1-9][0-9]*$ ]] || fail $EXIT_USAGE "--timeout must be a whole number of seconds, at least 1, was \"$timeout\""
    printf '%s' "$timeout"
}

# Ready: the release service answers through the management endpoint (crash recovery done) and the SSH port
# is open; with the endpoint off, the shell answers over SSH.
# NOT_READY says which condition was unmet last, for the message when the start times out; CANNOT_START is set
# when the endpoint answers 500 (a part of the platform failed to start: waiting longer cannot help).
ready() { # ssh-port
    local port answer
    port=$(management_port)
    if [ "$port" != 0 ]; then
        port_open "$1" || { NOT_READY="SSH port $1 closed"; return 1; }
        [ -r "$TOKEN_FILE" ] || { NOT_READY="no token file $TOKEN_FILE"; return 1; }
        port_open "$port" || { NOT_READY="management port $port closed"; return 1; }
        answer=$(HTTP_READ_TIMEOUT=10 run_http GET /releases 2>/dev/null) \
            || { NOT_READY="GET /releases on port $port gave no answer within 10 s"; return 1; }
        if [ "${answer%%$'\n'*}" != 200 ]; then
            NOT_READY="GET /releases answered ${answer%%$'\n'*}: $(printf '%s' "$answer" | sed -n 2p)"
            [ "${answer%%$'\n'*}" = 500 ] && CANNOT_START="$(printf '%s' "$answer" | sed -n 2p)"
            return 1
        fi
        READY_ON="$port (management endpoint)"
        return 0
    fi
    port_open "$1" || { NOT_READY="SSH port $1 closed"; return 1; }
    run_client "shell:echo ready" > /dev/null 2>&1 || { NOT_READY="the shell does not answer over SSH"; return 1; }
    READY_ON="$1 (shell)"
}

# The activators that failed during this start, as the logs have them (from byte offsets $1 and $2: the
# console log gets what is logged before Pax Logging is configured, data/log/karaf.log the rest): each exception
# with the first frame that is not the JDK's, and the file it was reading when Karaf's reader of that file is on
# the stack.
activator_errors() { # console-log-offset karaf-log-offset
    { tail -c +"$(( $1 + 1 ))" "$CONSOLE_LOG"; tail -c +"$(( $2 + 1 ))" "$KARAF_LOG"; } 2>/dev/null \
        | awk -v data="$KARAF_HOME/data" '
        /Error starting activator/ { want = 1; n++; next }
        want == 1 && NF { cause = $0; want = 2; frame = ""; file = ""; next }
        want == 2 && /^[ \t]+at / {
            if (frame == "" && $0 !~ /at java\.base\//) { frame = $0; sub(/^[ \t]+/, "", frame) }
            if ($0 ~ /DigraphHelper/) file = "digraph.json"
            if ($0 ~ /StateStorage/) file = "state.json"
            next
        }
        want == 2 { print_cause(); want = 0 }
        END { if (want == 2) print_cause() }
        function print_cause() {
            printf "\n  Error starting activator: %s%s%s", cause, (frame == "" ? "" : " " frame),
                (file == "" ? "" : " (reading the features core'"'"'s " file " under " data "/cache)")
        }'
}

# Karaf's Main creates karaf.pid, then writes the pid into it: an empty file means "starting", not "exited".
exited_during_start() {
    local pid
    [ -f "$PID_FILE" ] || return 1
    pid=$(tr -dc '0-9' < "$PID_FILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null
}

cmd_start() {
    local timeout pid port began console_from log_from env="${SLIPWAY_ENV:-}" args=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --env) [ $# -ge 2 ] || fail $EXIT_USAGE "--env needs an environment (known: $(known_environments))"
                   env=$2; shift 2 ;;
            *) args+=("$1"); shift ;;
        esac
    done
    timeout=$(parse_timeout 120 "${args[@]+"${args[@]}"}")
    if [ -n "$env" ] && { ! [[ "$env" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$ ]] || [ ! -d "$KARAF_HOME/etc/env/$env" ]; }; then
        fail $EXIT_USAGE "unknown environment \"$env\": there is no folder etc/env/$env (known: $(known_environments)); not starting"
    fi
    pid=$(running_pid)
    if [ -n "$pid" ]; then say "Slipway is already running (pid $pid)."; return 0; fi
    [ -d "$KARAF_HOME/secrets" ] || mkdir -m 700 "$KARAF_HOME/secrets" # $[secret:NAME] files (docs/configuration.md)
    local missing
    missing=$(missing_references "$env")
    if [ -n "$missing" ]; then
        fail $EXIT_FAILED "not starting: configuration would reach the application unexpanded (docs/configuration.md):
$(printf '%s\n' "$missing" | sed 's/^/  /')"
    fi
    ensure_credentials
    port=$(ssh_port)
    if port_open "$port"; then
        fail $EXIT_FAILED "port $port on 127.0.0.1 is already in use by another process; not starting"
    fi
    rm -f "$PID_FILE"   # stale: nothing runs under it
    mkdir -p "$(dirname "$CONSOLE_LOG")"
    began=$(date +%s%N)
    console_from=$(stat -c %s "$CONSOLE_LOG" 2>/dev/null || echo 0)
    log_from=$(stat -c %s "$KARAF_LOG" 2>/dev/null || echo 0)
    KARAF_OPTS="${KARAF_OPTS:-}${env:+ -Dslipway.env=$env}" KARAF_REDIRECT="$CONSOLE_LOG" "$KARAF_HOME/bin/start"
    local deadline=$(( $(date +%s) + timeout ))
    until ready "$port"; do
        if exited_during_start; then
            fail $EXIT_FAILED "Karaf exited during start; see $CONSOLE_LOG and data/log/karaf.log"
        fi
        if [ -n "${CANNOT_START:-}" ]; then
            local causes tries=0
            causes=$(activator_errors "$console_from" "$log_from")
            # The logs are written apart from the endpoint's answer: give them up to 5 s to hold the cause.
            while [ -z "$causes" ] && [ "$tries" -lt 50 ]; do
                sleep 0.1; tries=$(( tries + 1 ))
                causes=$(activator_errors "$console_from" "$log_from")
            done
            kill_instance
            fail $EXIT_FAILED "$CANNOT_START; the instance was stopped$causes"
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            kill_instance
            fail $EXIT_FAILED "the instance was not ready within ${timeout} s (last: ${NOT_READY:-Karaf not started}), so it was stopped; see data/log/karaf.log"
        fi
        sleep 0.1
    done
    say "Slipway started (pid $(running_pid)); ready on 127.0.0.1:$READY_ON after $(( ($(date +%s%N) - began) / 1000000 )) ms."
}

# Stops the instance started by this script without asking it: TERM, then KILL after 10 s.
kill_instance() {
    local pid
    pid=$(running_pid)
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
}

cmd_stop() {
    local timeout pid
    timeout=$(parse_timeout 60 "$@")
    pid=$(running_pid)
    if [ -z "$pid" ]; then say "Slipway is not running."; return 0; fi
    "$KARAF_HOME/bin/stop" > /dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$(( $(date +%s) + timeout ))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            kill -KILL "$pid" 2>/dev/null || true
            fail $EXIT_FAILED "Slipway (pid $pid) did not stop within ${timeout} s and was killed"
        fi
        sleep 0.2
    done
    say "Slipway stopped (pid $pid)."
}

cmd_status() {
    [ $# -eq 0 ] || fail $EXIT_USAGE "status takes no arguments"
    local pid
    pid=$(running_pid)
    if [ -n "$pid" ]; then
        local env
        env=$(running_environment "$pid")
        say "Slipway is running (pid $pid, ssh 127.0.0.1:$(ssh_port), environment ${env:-none})."
    else
        say "Slipway is not running."
    fi
    show_repairs
    [ -n "$pid" ] || return $EXIT_NOT_RUNNING
}

# The boot guard's repairs of Karaf's own files (org.slipway.boot), the last five.
show_repairs() {
    [ -s "$REPAIRS_LOG" ] || return 0
    say "Platform files repaired at start ($(wc -l < "$REPAIRS_LOG") in ${REPAIRS_LOG#"$KARAF_HOME"/}; the last ones):"
    tail -n 5 "$REPAIRS_LOG" | sed 's/^/  /'
}

cmd_console() {
    [ $# -eq 0 ] || fail $EXIT_USAGE "console takes no arguments"
    local pid
    pid=$(running_pid)
    [ -z "$pid" ] || fail $EXIT_FAILED "Slipway is already running (pid $pid); use bin/slipway client"
    ensure_credentials
    exec "$KARAF_HOME/bin/karaf"
}

require_instance() {
    [ -n "$(running_pid)" ] || fail $EXIT_NOT_RUNNING "Slipway is not running; start it with bin/slipway start"
    port_open "$(ssh_port)" || fail $EXIT_NOT_RUNNING "cannot reach the shell on 127.0.0.1:$(ssh_port)"
}
