#!/usr/bin/env python3
"""Optional, by hand (not in CI: Label Studio is a large install): check the
label-studio export against a real Label Studio server on loopback.

    python3 -m venv /tmp/lsvenv && /tmp/lsvenv/bin/pip install "label-studio==1.23.*"
    /tmp/lsvenv/bin/label-studio start --no-browser --host 127.0.0.1 --port 8089 \
        --data-dir /tmp/lsdata --username admin@example.com --password Adminpass123 &
    bash scripts/consumers/run.sh          # writes target/consumers/*/tasks.json
    python3 scripts/consumers/label_studio_live.py target/consumers/seeds target/consumers/fixture
    # then stop the server (kill its pid)

For each folder: logs in (session; Label Studio 1.23 disables legacy API
tokens), creates a project with tasks.config.xml as its labelling config,
imports tasks.json, checks the counts Label Studio reports, exports the
project as JSON to FOLDER/label-studio-export.json (import that back with
`diptych import --format label-studio`) and checks that every result came
back with value.text == data.text[start:end].
"""

import http.cookiejar
import json
import os
import sys
import urllib.parse
import urllib.request

BASE = os.environ.get("LABEL_STUDIO_URL", "http://127.0.0.1:8089")
EMAIL = os.environ.get("LABEL_STUDIO_EMAIL", "admin@example.com")
PASSWORD = os.environ.get("LABEL_STUDIO_PASSWORD", "Adminpass123")

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def csrf():
    return next((c.value for c in jar if c.name == "csrftoken"), "")


def login():
    opener.open(BASE + "/user/login/", timeout=60).read()
    form = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": csrf()}).encode()
    request = urllib.request.Request(BASE + "/user/login/", data=form, headers={"Referer": BASE + "/user/login/"})
    opener.open(request, timeout=60).read()


def call(method, path, body=None):
    headers = {"Content-Type": "application/json", "X-CSRFToken": csrf(), "Referer": BASE + "/"}
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, method=method, headers=headers, data=data)
    with opener.open(request, timeout=120) as response:
        return json.loads(response.read() or b"null")


def main(folders):
    login()
    for folder in folders:
        name = os.path.basename(folder.rstrip("/"))
        with open(os.path.join(folder, "tasks.config.xml"), encoding="utf-8") as f:
            config = f.read()
        with open(os.path.join(folder, "tasks.json"), encoding="utf-8") as f:
            tasks = json.load(f)
        project = call("POST", "/api/projects", {"title": f"diptych-{name}", "label_config": config})
        imported = call("POST", f"/api/projects/{project['id']}/import", tasks)
        annotations = sum(len(t.get("annotations", [])) for t in tasks)
        predictions = sum(len(t.get("predictions", [])) for t in tasks)
        assert imported["task_count"] == len(tasks), imported
        assert imported["annotation_count"] == annotations, imported
        assert imported["prediction_count"] == predictions, imported
        export = call("GET", f"/api/projects/{project['id']}/export?exportType=JSON&download_all_tasks=true")
        sent = sum(len(a["result"]) for t in tasks for a in t.get("annotations", []))
        back = sum(len(a["result"]) for t in export for a in t.get("annotations", []))
        assert sent == back, (sent, back)
        for task in export:
            for annotation in task["annotations"]:
                for r in annotation["result"]:
                    if r["type"] == "labels":
                        v = r["value"]
                        assert task["data"]["text"][v["start"]:v["end"]] == v["text"], r
        with open(os.path.join(folder, "label-studio-export.json"), "w", encoding="utf-8") as f:
            json.dump(export, f, ensure_ascii=False)
        print(f"{name}: Label Studio took {len(tasks)} tasks, {annotations} annotations, {predictions} predictions; "
              f"{back} results exported back unchanged")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
