#!/usr/bin/env python3
"""An endpoint Docent did not write: it checks every request against the official OpenAI and
Anthropic Python SDKs' own request types (`openai.types.chat.CompletionCreateParams`,
`anthropic.types.MessageCreateParams`, validated with pydantic), counts the image parts, checks
their bytes (base64, the media type they claim, the providers' size limits) and answers with a
short text, streamed or not as asked. GET /v1/stats says what it saw.

Usage: sdk_endpoint.py   (prints "listening on http://127.0.0.1:PORT/v1")
"""
import base64
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pydantic
from anthropic.types import message_create_params
from openai.types.chat import completion_create_params

OPENAI = pydantic.TypeAdapter(completion_create_params.CompletionCreateParams)
ANTHROPIC = pydantic.TypeAdapter(message_create_params.MessageCreateParams)
MEDIA = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG": "image/png", b"GIF8": "image/gif"}
LOCK = threading.Lock()
STATS = {"requests": 0, "invalid": 0, "problems": [], "image_parts": 0, "image_urls": [], "largest_image_bytes": 0,
         "largest_request_bytes": 0}


def materialized(value):
    """The SDK types declare Iterable fields, which pydantic checks lazily: walk them all."""
    if isinstance(value, dict):
        return {k: materialized(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ValidatorIterator":
        return [materialized(v) for v in value]
    return value


def media_type(data):
    for magic, kind in MEDIA.items():
        if data.startswith(magic):
            return kind
    return "image/webp" if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else None


def image_bytes(encoded, claimed, limit):
    data = base64.b64decode(encoded, validate=True)
    if media_type(data) != claimed:
        raise ValueError(f"bytes are {media_type(data)}, not {claimed}")
    if len(data) > limit:
        raise ValueError(f"{len(data)} bytes, over {limit}")
    return len(data)


def images(body, api):
    """(count, largest bytes, urls) of the request's image parts, each checked."""
    count, largest, urls = 0, 0, []
    for message in body["messages"]:
        content = message.get("content")
        if not isinstance(content, list):
            continue
        for part in content:
            if api == "openai" and part.get("type") == "image_url":
                count += 1
                url = part["image_url"]["url"]
                if url.startswith("data:"):
                    header, encoded = url.split(",", 1)
                    largest = max(largest, image_bytes(encoded, header[5:].split(";")[0], 20 << 20))
                else:
                    urls.append(url)
            elif api == "anthropic" and part.get("type") == "image":
                count += 1
                source = part["source"]
                if source["type"] == "base64":
                    largest = max(largest, image_bytes(source["data"], source["media_type"], 5 << 20))
                else:
                    urls.append(source["url"])
    return count, largest, urls


def answer_text(body):
    prompt = json.dumps(body["messages"])
    if "alt attribute" in prompt:
        return "A small sailing boat on a calm sea at sunset"
    return " ".join(["The", "picture", "shows", "a", "boat", "on", "the", "sea", "under", "a", "warm", "evening", "sky."] * 8)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, payload, kind="application/json"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.endswith("/stats"):
            with LOCK:
                self.reply(200, STATS)
        else:
            self.reply(404, {"error": {"message": "no such endpoint"}})

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("content-length", "0")))
        api = "openai" if self.path.endswith("/chat/completions") else "anthropic" if self.path.endswith("/messages") else None
        if api is None:
            return self.reply(404, {"error": {"message": "no such endpoint"}})
        with LOCK:
            STATS["requests"] += 1
            STATS["largest_request_bytes"] = max(STATS["largest_request_bytes"], len(raw))
        try:
            body = json.loads(raw)
            materialized((OPENAI if api == "openai" else ANTHROPIC).validate_python(body))
            count, largest, urls = images(body, api)
        except Exception as error:  # what a provider answers a malformed request
            with LOCK:
                STATS["invalid"] += 1
                STATS["problems"].append(str(error)[:300])
            return self.reply(400, {"error": {"message": f"invalid request: {str(error)[:300]}", "type": "invalid_request_error"}})
        with LOCK:
            STATS["image_parts"] += count
            STATS["largest_image_bytes"] = max(STATS["largest_image_bytes"], largest)
            STATS["image_urls"] = sorted(set(STATS["image_urls"]) | set(urls))
        text = answer_text(body)
        usage_in, usage_out = len(raw) // 4, len(text) // 4
        if api == "openai":
            if body.get("stream"):
                chunks = [{"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]},
                          {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
                          {"choices": [], "usage": {"prompt_tokens": usage_in, "completion_tokens": usage_out}}]
                data = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
                return self.reply(200, data.encode(), "text/event-stream")
            return self.reply(200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                                    "usage": {"prompt_tokens": usage_in, "completion_tokens": usage_out}})
        if body.get("stream"):
            events = [("message_start", {"type": "message_start", "message": {"usage": {"input_tokens": usage_in, "output_tokens": 0}}}),
                      ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
                      ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}}),
                      ("content_block_stop", {"type": "content_block_stop", "index": 0}),
                      ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": usage_out}}),
                      ("message_stop", {"type": "message_stop"})]
            data = "".join(f"event: {name}\ndata: {json.dumps(payload)}\n\n" for name, payload in events)
            return self.reply(200, data.encode(), "text/event-stream")
        return self.reply(200, {"content": [{"type": "text", "text": text}], "stop_reason": "end_turn", "role": "assistant",
                                "usage": {"input_tokens": usage_in, "output_tokens": usage_out}})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}/v1", flush=True)
    server.serve_forever()
