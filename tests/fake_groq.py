#!/usr/bin/env python3
# fake_groq.py
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""A local stand-in for Groq's OpenAI-compatible API, for the end-to-end tests and the
screenshots: GET /v1/models lists two chat models, POST /v1/chat/completions streams an
answer as Server-Sent Events shaped like Groq's (usage and timings in x_groq on the last
chunk). A question containing "long" gets an answer that streams for a minute, to be
stopped. Run alone (python3 fake_groq.py [PORT]) it serves until killed and prints its URL."""

import http.server
import json
import sys
import threading
import time

MODELS = [
    {"id": "llama-3.1-8b-instant", "object": "model", "owned_by": "Meta", "active": True,
     "context_window": 131072, "max_completion_tokens": 131072},
    {"id": "openai/gpt-oss-120b", "object": "model", "owned_by": "OpenAI", "active": True,
     "context_window": 131072, "max_completion_tokens": 65536},
]

ANSWER = """Groq serves open models on its own **LPU** chips, so answers stream fast.

Three things to try:

1. Ask a quick question with `brisk --ask`.
2. Press *Ctrl+K* to search every conversation.
3. Switch models from the header.

```python
print("hello from Brisk")
```
"""


def chunk(content=None, finish_reason=None, model="llama-3.1-8b-instant"):
    event = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model,
             "choices": [{"index": 0, "delta": {} if content is None else {"content": content},
                          "finish_reason": finish_reason}]}
    if finish_reason is not None:
        event["x_groq"] = {"id": "req_fake", "usage": {
            "prompt_tokens": 42, "completion_tokens": 96, "total_tokens": 138,
            "queue_time": 0.011, "prompt_time": 0.004, "completion_time": 0.12,
            "total_time": 0.124}}
    return f"data: {json.dumps(event)}\n\n".encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests = []
    disconnects = 0
    lock = threading.Lock()
    # When set, only this key is accepted, as Groq accepts only a valid one.
    required_key = None

    def key_refused(self):
        if Handler.required_key is None:
            return False
        if self.headers.get("Authorization") == f"Bearer {Handler.required_key}":
            return False
        self.send_json(401, {"error": {"message": "Invalid API Key",
                                       "type": "invalid_request_error",
                                       "code": "invalid_api_key"}})
        return True

    def log_message(self, *args):
        pass

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        if self.key_refused():
            return
        if self.path == "/v1/models":
            self.send_json(200, {"object": "list", "data": MODELS})
        else:
            self.send_json(404, {"error": {"message": "Unknown path", "code": "not_found"}})

    def write_chunk(self, data):
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def do_POST(self):  # noqa: N802
        if self.path != "/v1/chat/completions":
            self.send_json(404, {"error": {"message": "Unknown path", "code": "not_found"}})
            return
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        if self.key_refused():
            return
        with Handler.lock:
            Handler.requests.append(body)
        question = body["messages"][-1]["content"] if body.get("messages") else ""
        model = body.get("model", MODELS[0]["id"])
        system = body["messages"][0]["content"] if body.get("messages") else ""

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            if "title" in system.lower():
                # Brisk naming the conversation after its first answer: the question, tidied.
                asked = question.split("\n")[1] if "\n" in question else question
                asked = asked.strip().rstrip("?")
                self.write_chunk(chunk(asked[:1].upper() + asked[1:] or "About Groq", model=model))
            elif "long" in question.lower():
                # About a minute of text: long enough to be stopped by the user.
                for i in range(6000):
                    self.write_chunk(chunk(f"word{i} ", model=model))
                    time.sleep(0.01)
            else:
                words = ANSWER.split(" ")
                for i, word in enumerate(words):
                    self.write_chunk(chunk(word if i == 0 else " " + word, model=model))
                    time.sleep(0.005)
            self.write_chunk(chunk(finish_reason="stop", model=model))
            self.write_chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            # The user pressed Stop: Brisk closed the connection.
            with Handler.lock:
                Handler.disconnects += 1


def start(port=0):
    """Starts the server on 127.0.0.1 in a thread; returns (server, base URL)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/v1"


if __name__ == "__main__":
    _, url = start(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(url, flush=True)
    threading.Event().wait()
