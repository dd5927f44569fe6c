#!/usr/bin/env python3
"""The SQL gateway behind SparkCluster.sql(): a long-running Spark Connect client in the master's
container, so that sql() needs no client on the caller's classpath and pays no client start per call.

    sql_gateway.py CONNECT_URL PORT

Listens on 127.0.0.1:PORT inside the container only (never published). A request is Base64 lines,
one statement each, ended by an empty line; the answer is the lines of the library's SQL runner
protocol (@@datalake-columns / @@datalake-row / @@datalake-error, every value Base64, NULL as '~'),
then the connection closes. Each request runs in a NEW Connect session (temporary views of one
call are not seen by the next), statements in order, the last one's rows cast to strings by Spark.
The request PING answers @@datalake-ready once the warm-up ran (see warm_up), else @@datalake-warming.
DATALAKE_SQL_WARM_EXECUTOR=false (a master expecting no workers) warms without tasks on an executor.
"""
import base64
import os
import socket
import socketserver
import sys
import threading
import time

COLUMNS = "@@datalake-columns "
ROW = "@@datalake-row "
ERROR = "@@datalake-error "
READY = "@@datalake-ready"
WARMING = "@@datalake-warming"
# the bucket the warm-up reads from (it need not exist: the read fails after the S3A client is made)
# and the Connect user it reads as. The server logs that expected failure with a stack trace; the
# image's log4j2.properties drops every line naming this (log4j2-warm-up.properties)
WARM_UP_NAME = "datalake-warm-up"
# how long the start waits for the S3A part of the warm-up
S3A_WARM_UP_S = 20

warmed = threading.Event()


def log(message):
    print(f"datalake-sql-gateway: {message}", file=sys.stderr, flush=True)


def encode(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def join(values):
    return ",".join("~" if v is None else encode(v) for v in values)


def new_session(url):
    # imported here: the module import costs about a second, paid once at start (warm_up)
    from pyspark.sql import SparkSession
    return SparkSession.builder.remote(url).create()


def run(url, statements):
    """The protocol lines for the statements, run in order in a new session."""
    session = new_session(url)
    try:
        last = None
        for statement in statements:
            # commands run here, eagerly; a query runs when its rows are collected below
            last = session.sql(statement)
        columns = last.columns
        positional = [f"c{i}" for i in range(len(columns))]
        casts = [f"CAST(c{i} AS STRING) AS c{i}" for i in range(len(columns))]
        # positional names first: a result may repeat a column name (a join) or hold odd characters
        rows = last.toDF(*positional).selectExpr(*casts).collect()
        lines = [COLUMNS + join(columns)]
        lines.extend(ROW + join(list(row)) for row in rows)
        return lines
    except Exception as e:  # Spark's own error, with its message, goes back to the caller
        return [ERROR + encode(f"{type(e).__name__}: {e}")]
    finally:
        try:
            session.stop()
        except Exception as e:
            log(f"stopping a session failed: {e}")


def execute(url, statements):
    """Runs statements (commands: eager, no rows collected, so no job) in a new session."""
    session = new_session(url)
    try:
        for statement in statements:
            session.sql(statement)
    finally:
        session.stop()


def warm_up(url, deadline_s):
    """What a first sql() would pay, paid at start: the client's modules and channel, a session on
    the server, a query whose tasks run on an executor (code generation, task serialization; only
    where workers are expected: DATALAKE_SQL_WARM_EXECUTOR) and the S3A client on the Connect server
    (the AWS SDK's classes)."""
    started = time.monotonic()
    # the client backs off for up to a minute when the server is not up yet: wait for its port first
    host, port = url[len("sc://"):].split("/")[0].split(":")
    while time.monotonic() - started < deadline_s:
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    log(f"Spark Connect at {url} accepts connections after {time.monotonic() - started:.1f}s")
    executor = os.environ.get("DATALAKE_SQL_WARM_EXECUTOR", "true") == "true"
    while True:
        try:
            if executor:
                lines = run(url, ["SELECT count(*) FROM range(0, 4, 1, 2)"])
                if lines[0].startswith(ERROR):
                    raise RuntimeError(base64.b64decode(lines[0][len(ERROR):]).decode())
            else:
                # a command runs on the driver: no executor needed (a query would wait for one)
                execute(url, ["CREATE TEMPORARY VIEW warm AS SELECT 1 AS one"])
            break
        except Exception as e:
            if time.monotonic() - started > deadline_s:
                log(f"warm-up query failed for {deadline_s}s, ready without it: {e}")
                warmed.set()
                return
            time.sleep(0.5)
    # fails (no such bucket), after the S3A client was made and asked once, on the driver; bounded:
    # an object store that does not answer (a master started alone) must not hold the start up
    s3a = threading.Thread(target=warm_s3a, args=(url,), daemon=True)
    s3a.start()
    s3a.join(S3A_WARM_UP_S)
    log(f"warm in {time.monotonic() - started:.1f}s" + (" (S3A still trying)" if s3a.is_alive() else ""))
    warmed.set()


def warm_s3a(url):
    try:
        execute(f"{url}/;user_id={WARM_UP_NAME}", [
            f"CREATE TEMPORARY VIEW warm USING parquet OPTIONS (path 's3a://{WARM_UP_NAME}/none/', "
            "'fs.s3a.attempts.maximum' '1', 'fs.s3a.retry.limit' '1')"])
    except Exception:
        pass


class Handler(socketserver.StreamRequestHandler):

    def handle(self):
        statements = []
        for raw in self.rfile:
            line = raw.decode("ascii").strip()
            if not line:
                break
            if line == "PING":
                self.answer([READY if warmed.is_set() else WARMING])
                return
            statements.append(base64.b64decode(line).decode("utf-8"))
        if not statements:
            self.answer([ERROR + encode("no statement")])
            return
        self.answer(run(self.server.url, statements))

    def answer(self, lines):
        self.wfile.write(("\n".join(lines) + "\n").encode("ascii"))


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    url, port = sys.argv[1], int(sys.argv[2])
    server = Server(("127.0.0.1", port), Handler)
    server.url = url
    threading.Thread(target=warm_up, args=(url, 300), daemon=True).start()
    log(f"listening on 127.0.0.1:{port} for {url}")
    server.serve_forever()


if __name__ == "__main__":
    main()
