#!/usr/bin/env python3
"""fcgi-prof.py — one salesgate worker on a private socket, N requests to it.

Counts the instructions a page costs (callgrind on the release worker, the
way docs/ARCHITECTURE.md "The lead list's cost" measured /leads) or saves a
page's body for comparing two builds.  Needs a running environment for the
database (tools/env.sh up DIR ...) and a session cookie from it.

  bench/fcgi-prof.py -c DIR/etc/salesgate.hdf -k 'sg_session=...' /leads
  bench/fcgi-prof.py ... --callgrind /tmp/cg -n 9 /leads   # Ir per request
  bench/fcgi-prof.py ... --out page.html /leads?tier=high  # the last body

With --callgrind the worker runs under
  valgrind --tool=callgrind --toggle-collect=request_serve
           --dump-after=request_serve
so each request is one dump (read them with callgrind_annotate); the
median and minimum of requests 3..N are printed (the first ones fill the
worker's template, statement and policy caches).  --tunables sets
GLIBC_TUNABLES for the worker (e.g. glibc.malloc.tcache_count=4096).
Instructions are not time: check a change with the worker's CPU ticks
under load too (docs/ARCHITECTURE.md, "The lead list's cost").
"""
import argparse
import glob
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time


def record(kind, content):
    return struct.pack("!BBHHBx", 1, kind, 1, len(content), 0) + content


def pair(k, v):
    k, v = k.encode(), v.encode()

    def length(x):
        return struct.pack("!B", len(x)) if len(x) < 128 else struct.pack("!I", len(x) | 0x80000000)
    return length(k) + length(v) + k + v


def ask(sock_path, path, cookie):
    """One GET; returns (status line, body)."""
    uri, _, query = path.partition("?")
    params = {
        "REQUEST_METHOD": "GET", "REQUEST_URI": path, "SCRIPT_NAME": "", "PATH_INFO": uri,
        "DOCUMENT_URI": uri, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8080", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8080",
        "HTTP_COOKIE": cookie, "SERVER_PROTOCOL": "HTTP/1.1", "GATEWAY_INTERFACE": "CGI/1.1",
    }
    for _ in range(600):   # valgrind takes seconds to start the worker
        try:
            c = socket.socket(socket.AF_UNIX)
            c.connect(sock_path)
            break
        except OSError:
            c.close()
            time.sleep(0.1)
    else:
        sys.exit("fcgi-prof: the worker does not answer on " + sock_path)
    body = b"".join(pair(k, v) for k, v in params.items())
    c.sendall(record(1, struct.pack("!HB5x", 1, 0)) + record(4, body) + record(4, b"")
              + record(5, b""))
    data = b""
    while True:
        d = c.recv(65536)
        if not d:
            break
        data += d
    c.close()
    out, k = b"", 0
    while k + 8 <= len(data):
        _, kind, _, clen, plen = struct.unpack("!BBHHB", data[k:k + 7])
        if kind == 6:   # FCGI_STDOUT
            out += data[k + 8:k + 8 + clen]
        k += 8 + clen + plen
    head, _, page = out.partition(b"\r\n\r\n")
    status = next((line for line in head.split(b"\r\n") if line.startswith(b"Status:")), b"Status: 200")
    return status.decode(), page


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path")
    ap.add_argument("-c", "--config", required=True, help="the environment's salesgate.hdf")
    ap.add_argument("-k", "--cookie", default="", help="Cookie header, e.g. sg_session=...")
    ap.add_argument("-n", type=int, default=9, help="requests (default 9)")
    ap.add_argument("-b", "--bin", default=os.path.join(os.path.dirname(__file__), "..", "build", "salesgate"))
    ap.add_argument("--callgrind", metavar="PREFIX", help="run under callgrind, dumps PREFIX.<pid>.<n>")
    ap.add_argument("--tunables", default=None)
    ap.add_argument("--out", help="write the last answer's body here")
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="fcgi-prof.")
    sock_path = os.path.join(tmp, "worker.sock")
    ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ls.bind(sock_path)
    ls.listen(8)
    env = dict(os.environ, SALESGATE_CONFIG=os.path.abspath(a.config))
    if a.tunables is not None:
        env["GLIBC_TUNABLES"] = a.tunables
    cmd = [os.path.abspath(a.bin), "-c", os.path.abspath(a.config)]
    if a.callgrind:
        for old in glob.glob(a.callgrind + ".*"):
            os.unlink(old)
        cmd = ["valgrind", "--tool=callgrind", "--toggle-collect=request_serve",
               "--dump-after=request_serve", "--callgrind-out-file=" + a.callgrind + ".%p"] + cmd
    worker = subprocess.Popen(cmd, stdin=ls.fileno(), env=env, stderr=subprocess.DEVNULL if a.callgrind else None)
    try:
        for i in range(a.n):
            status, page = ask(sock_path, a.path, a.cookie)
            print(i + 1, status, len(page), "bytes")
        if a.out:
            with open(a.out, "wb") as f:
                f.write(page)
    finally:
        worker.terminate()
        worker.wait()
        ls.close()
        os.unlink(sock_path)
        os.rmdir(tmp)
    if a.callgrind:
        irs = []
        for dump in glob.glob(a.callgrind + ".*.*"):
            n = int(dump.rsplit(".", 1)[1])
            if n >= 3:
                with open(dump) as f:
                    m = re.search(r"^summary: (\d+)", f.read(), re.M)
                if m:
                    irs.append(int(m.group(1)))
        irs.sort()
        if irs:
            print("instructions a request: median %d, min %d (requests 3..%d)"
                  % (irs[(len(irs) - 1) // 2], irs[0], a.n))


if __name__ == "__main__":
    main()
