#!/usr/bin/env python3
"""The alert channel of bench/run.sh: a Slack-compatible incoming webhook on loopback that takes
every POST, answers 200 "ok" and counts them; GET answers the count. Prints its port, then serves
until it is stopped.

    python3 bench/alert_sink.py   # prints ALERT_SINK_PORT=<port>
"""

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

received = 0
lock = threading.Lock()


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global received
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with lock:
            received += 1
        self.answer(b"ok")

    def do_GET(self):
        with lock:
            count = received
        self.answer(str(count).encode())

    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
server.daemon_threads = True
print(f"ALERT_SINK_PORT={server.server_address[1]}", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    sys.exit(0)
