#!/usr/bin/env bash
# Class-data sharing archives of the Spark master and worker, made once at image build (as NB_UID):
# both daemons start here through the image's own entrypoint with DATALAKE_CDS_DUMP=true, the worker
# registers with the master, then both stop and the JVM writes the classes they loaded to
# /opt/datalake/cds/{master,worker}.jsa (-XX:ArchiveClassesAtExit). At run time they start from
# them (-XX:SharedArchiveFile): fewer classes parsed and verified, less CPU per start. A JVM that
# cannot make an archive (no default CDS archive in the base's JDK) leaves none, and the daemons
# start as before.
set -euo pipefail
mkdir -p /opt/datalake/cds
work="$(mktemp -d)"
export DATALAKE_CDS_DUMP=true SPARK_MASTER_HOST=127.0.0.1 SPARK_MASTER_URL=spark://127.0.0.1:7077 \
  SPARK_WORKER_HOST=127.0.0.1 SPARK_WORKER_DIR="$work/work" JUPYTER_ENABLED=false SPARK_CONNECT_ENABLED=false \
  SPARK_REST_ENABLED=true SPARK_DAEMON_MEMORY=512m
SPARK_MODE=master datalake-entrypoint.sh > "$work/master.log" 2>&1 &
master=$!
SPARK_MODE=worker datalake-entrypoint.sh > "$work/worker.log" 2>&1 &
worker=$!
registered=false
for _ in $(seq 1 600); do
  if python3 -c 'import json, sys, urllib.request as r
d = json.load(r.urlopen("http://127.0.0.1:8080/json/", timeout=2))
sys.exit(0 if d["status"] == "ALIVE" and d["aliveworkers"] == 1 else 1)' 2> /dev/null; then
    registered=true
    break
  fi
  sleep 0.2
done
# a moment for the UI pages and the registration replies to be loaded too
sleep 2
kill -TERM "$worker" 2> /dev/null || true
wait "$worker" 2> /dev/null || true
kill -TERM "$master" 2> /dev/null || true
wait "$master" 2> /dev/null || true
if [[ "$registered" != true ]]; then
  tail -n 20 "$work/master.log" "$work/worker.log"
  echo "datalake-build: error: the Spark master and a worker did not come up at build time (make-cds.sh)"
  exit 1
fi
ls -l /opt/datalake/cds
for name in master worker; do
  [[ -s "/opt/datalake/cds/$name.jsa" ]] || echo "make-cds: no archive for the $name: it starts without one"
done
rm -rf "$work" "${SPARK_HOME}/conf/spark-defaults.conf"
