"""Makes the requests Call2Me's Python SDK makes, the way it makes them, with the standard library.

The SDK (call2me-app/python-sdk, call2me/client.py) sends every request with
`Authorization: Bearer <key>` and `Content-Type: application/json` on an httpx client; `_post`,
`_patch` and `_put` send `json=data or {}` (so a POST without data sends `{}`), `_get` drops query
parameters that are None, `_delete` sends no body, and `raise_for_status` turns any 4xx/5xx into an
error whose response the caller can read. This reads a plan (test/support/call2me-sdk-calls.ts) as
JSON on stdin and prints one result a line: the SDK method, the status, and the answer's `detail`.
"""
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

base_url, api_key = sys.argv[1].rstrip("/"), sys.argv[2]
plan = json.load(sys.stdin)
saved = {}


def fill(value):
    text = json.dumps(value)
    return json.loads(re.sub(r"\{(\w+)\}", lambda m: saved.get(m.group(1), m.group(0)), text))


def request(method, path, query=None, body=None):
    url = base_url + path
    if query:
        url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
    data = None
    if method in ("POST", "PATCH", "PUT"):
        data = json.dumps(body or {}).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {api_key}",
        "Content-Type": "application/json",
    })
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            raw = res.read()
            return res.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as err:
        raw = err.read()
        return err.code, (json.loads(raw) if raw else None)


for step in plan:
    step = fill(step)
    status, answer = request(step["method"], step["path"], step.get("query"), step.get("body"))
    for name, at in (step.get("save") or {}).items():
        value = answer
        for part in at.split("."):
            value = value[int(part)] if isinstance(value, list) else (value or {}).get(part)
        if isinstance(value, str):
            saved[name] = value
    detail = answer.get("detail") if isinstance(answer, dict) else None
    print(json.dumps({"sdk": step["sdk"], "status": status, "detail": detail}))
