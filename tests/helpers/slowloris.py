#!/usr/bin/env python3
"""tests/helpers/slowloris.py HOST PORT N SECONDS [SOURCE]

N clients, each sending the request line and headers of a GET one byte a
second and never finishing them; a client the server closes connects
again (after 0.2 s). Stops by itself after SECONDS and prints
"connected C closed K refused R": connections made, closed by the
server, refused or reset at connect.
"""
import selectors
import socket
import sys
import time

host, port, n, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
source = sys.argv[5] if len(sys.argv) > 5 else None
REQ = b"GET /metrics HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\n" + b"X-a: b\r\n" * 1000
sel = selectors.DefaultSelector()
end = time.monotonic() + secs
stats = {"connected": 0, "closed": 0, "refused": 0}
clients = []  # [sock or None, bytes sent, next send time]


def connect(c):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    if source:
        s.bind((source, 0))
    try:
        s.connect((host, port))
    except BlockingIOError:
        pass
    except OSError:
        s.close()
        stats["refused"] += 1
        c[0], c[2] = None, time.monotonic() + 0.2
        return
    c[0], c[1], c[2] = s, 0, time.monotonic()
    stats["connected"] += 1


for i in range(n):
    c = [None, 0, 0.0]
    clients.append(c)
    connect(c)

while time.monotonic() < end:
    now = time.monotonic()
    for c in clients:
        if c[0] is None:
            if now >= c[2]:
                connect(c)
            continue
        if now < c[2]:
            continue
        try:
            c[0].send(REQ[c[1]:c[1] + 1])
            c[1] += 1
            c[2] = now + 1.0
            # A closed connection shows as readable with no data.
            c[0].setblocking(False)
            try:
                if c[0].recv(1, socket.MSG_PEEK) == b"":
                    raise ConnectionResetError
            except BlockingIOError:
                pass
        except (ConnectionError, OSError):
            c[0].close()
            stats["closed"] += 1
            c[0], c[2] = None, now + 0.2
    time.sleep(0.05)

for c in clients:
    if c[0] is not None:
        c[0].close()
print("connected %d closed %d refused %d" % (stats["connected"], stats["closed"], stats["refused"]))
