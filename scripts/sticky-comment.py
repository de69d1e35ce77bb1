#!/usr/bin/env python3
"""Posts a report as one sticky comment on a pull request: the comment that starts with the
report's first line (its marker, `<!-- api-review: ... -->`) is updated, else one is created,
so a pull request has one such comment however often the workflow runs.

usage: scripts/sticky-comment.py REPORT.md

Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), PR_NUMBER, and GITHUB_API_URL
(default https://api.github.com; the tests point it at a loopback server). Standard library
only, so it runs on any runner with Python 3.
"""

import json
import os
import sys
import urllib.request


def call(method, url, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Accept", "application/vnd.github+json")
    request.add_header("X-GitHub-Api-Version", "2022-11-28")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: sticky-comment.py REPORT.md")
    with open(sys.argv[1], encoding="utf-8") as file:
        report = file.read()
    marker = report.splitlines()[0] if report else ""
    if not marker.startswith("<!--"):
        sys.exit("the report's first line must be its marker comment (<!-- … -->)")
    token = os.environ["GITHUB_TOKEN"]
    repo = os.environ["GITHUB_REPOSITORY"]
    number = os.environ["PR_NUMBER"]
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")

    existing = None
    page = 1
    while existing is None:
        url = f"{api}/repos/{repo}/issues/{number}/comments?per_page=100&page={page}"
        comments = call("GET", url, token)
        existing = next(
            (c for c in comments if (c.get("body") or "").startswith(marker)), None
        )
        if len(comments) < 100:
            break
        page += 1
    if existing is not None:
        call("PATCH", f"{api}/repos/{repo}/issues/comments/{existing['id']}", token, {"body": report})
        print(f"updated comment {existing['id']}")
    else:
        created = call("POST", f"{api}/repos/{repo}/issues/{number}/comments", token, {"body": report})
        print(f"created comment {created['id']}")


if __name__ == "__main__":
    main()
