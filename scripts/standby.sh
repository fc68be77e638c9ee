#!/usr/bin/env bash
# A hot standby of the local PostgreSQL (127.0.0.1:5432) on 127.0.0.1:${STANDBY_PORT:-5433}, made
# with `pg_basebackup -R` and kept up by streaming replication: for `make bench` and CI's
# PostgreSQL leg (core/tests/test_replica_standby.py). Decision 028; docs/scale-out.md.
#   scripts/standby.sh start    copy the primary (once) and start the standby; waits until it answers
#   scripts/standby.sh stop     stop it, keeping its data (start again resumes streaming)
#   scripts/standby.sh destroy  stop it and remove its data
#   scripts/standby.sh status   print whether it runs and replays
set -euo pipefail
port="${STANDBY_PORT:-5433}"
dir="${STANDBY_DIR:-/var/tmp/yipanqi-standby-${port}}"
version="$(ls /etc/postgresql | sort -n | tail -n1)"
bin="/usr/lib/postgresql/${version}/bin"
primary=(-h 127.0.0.1 -p 5432 -U postgres)

as_postgres() {
  # The server refuses to run as root; a non-root user runs it as themselves.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

allow_replication() {
  # A replication connection is not matched by `all` in pg_hba.conf: the primary needs its line.
  local hba
  hba="$(psql "${primary[@]}" -Atq -c 'SHOW hba_file')"
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "${hba}"; then
    echo "host replication all 127.0.0.1/32 trust" >>"${hba}"
    psql "${primary[@]}" -Atq -c 'SELECT pg_reload_conf()' >/dev/null
    echo "standby: allowed replication from 127.0.0.1 in ${hba}"
  fi
}

setting() { psql "${primary[@]}" -Atq -c "SHOW $1"; }

make_copy() {
  allow_replication
  rm -rf "${dir}"
  mkdir -p "${dir}"
  chmod 700 "${dir}"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "${dir}"
  as_postgres "${bin}/pg_basebackup" "${primary[@]}" -D "${dir}" -R -X stream -c fast
  # Debian keeps the primary's configuration in /etc, outside the copy: the standby gets its own.
  # A hot standby needs these limits at least as high as the primary's.
  as_postgres tee "${dir}/postgresql.conf" >/dev/null <<EOF
port = ${port}
listen_addresses = '127.0.0.1'
unix_socket_directories = '${dir}'
hot_standby = on
hot_standby_feedback = on
max_connections = $(setting max_connections)
max_worker_processes = $(setting max_worker_processes)
max_wal_senders = $(setting max_wal_senders)
max_locks_per_transaction = $(setting max_locks_per_transaction)
max_prepared_transactions = $(setting max_prepared_transactions)
shared_buffers = 64MB
EOF
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_postgres tee "${dir}/pg_hba.conf" >/dev/null
  as_postgres touch "${dir}/pg_ident.conf"
}

running() { [ -f "${dir}/postmaster.pid" ] && as_postgres "${bin}/pg_ctl" -D "${dir}" status >/dev/null 2>&1; }

case "${1:-status}" in
  start)
    running && { echo "standby: already running on ${port}"; exit 0; }
    [ -f "${dir}/standby.signal" ] || make_copy
    as_postgres "${bin}/pg_ctl" -D "${dir}" -l "${dir}/server.log" -w -t 60 start >/dev/null
    for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p "${port}" -q && break; sleep 1; done
    echo "standby: running on 127.0.0.1:${port} (${dir})"
    ;;
  stop)
    running && as_postgres "${bin}/pg_ctl" -D "${dir}" -m fast -w stop >/dev/null
    echo "standby: stopped"
    ;;
  destroy)
    running && as_postgres "${bin}/pg_ctl" -D "${dir}" -m immediate -w stop >/dev/null
    rm -rf "${dir}"
    echo "standby: removed"
    ;;
  status)
    if running; then
      psql -h 127.0.0.1 -p "${port}" -U postgres -Atq -c \
        "SELECT 'standby: in recovery=' || pg_is_in_recovery() || ', replayed up to ' || pg_last_wal_replay_lsn()"
    else
      echo "standby: not running"
      exit 1
    fi
    ;;
  *)
    echo "usage: $0 start|stop|destroy|status" >&2
    exit 2
    ;;
esac
