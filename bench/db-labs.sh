# Sourced by the bench scripts (sh): throwaway MariaDB servers from lab/db for the benchmarks that
# need a database. db_labs_up starts the replication lab and the Galera lab on 127.0.0.1 (own
# datadirs under /tmp, random ports; ~25 s) and sets CLONEVIP_BENCH_DB=host:primary:replica[:galera]
# (the Galera port only when that lab came up) plus rdir/rport/gdir/gport for the lab scripts;
# db_labs_down stops exactly those servers (by the PIDs the labs recorded) and removes the dirs.
# The caller installs the trap: trap db_labs_down EXIT.
db_port() { echo $(( 21000 + $(od -An -N2 -tu2 /dev/urandom) % 8000 )); }

db_labs_down() {
  [ -z "${rdir:-}" ] || { RUN_DIR=$rdir BASE_PORT=$rport bash lab/db/replication.sh down >/dev/null 2>&1 || true; rm -rf "$rdir"; }
  [ -z "${gdir:-}" ] || { RUN_DIR=$gdir BASE_PORT=$gport bash lab/db/galera.sh down >/dev/null 2>&1 || true; rm -rf "$gdir"; }
}

db_labs_up() {
  rdir=$(mktemp -d /tmp/cvbench-db-XXXXXX); rport=$(db_port)
  echo "db-labs: starting the replication lab (ports $((rport+1)), $((rport+2)))"
  RUN_DIR=$rdir BASE_PORT=$rport bash lab/db/replication.sh up >"$rdir/up.log" 2>&1 || { cat "$rdir/up.log" >&2; return 1; }
  CLONEVIP_BENCH_DB="127.0.0.1:$((rport+1)):$((rport+2))"
  gdir=$(mktemp -d /tmp/cvbench-gal-XXXXXX); gport=$(db_port)
  [ "$gport" -lt $((rport+40)) ] && [ "$gport" -gt $((rport-40)) ] && gport=$((rport+100))
  echo "db-labs: starting the Galera lab (3 nodes, SQL ports $((gport+1))-$((gport+3)))"
  if RUN_DIR=$gdir BASE_PORT=$gport bash lab/db/galera.sh up >"$gdir/up.log" 2>&1; then
    CLONEVIP_BENCH_DB="$CLONEVIP_BENCH_DB:$((gport+1))"
  else
    echo "db-labs: the Galera lab did not come up ($gdir/up.log follows)" >&2
    tail -5 "$gdir/up.log" >&2
  fi
  export CLONEVIP_BENCH_DB
}
