#!/usr/bin/env python3
"""GitHub's OpenAPI description cut down to the spec's operations, for the reference client
that scripts/build-cost.sh builds beside ours.

    scripts/reference-description.py SPEC_DIR GITHUB_DESCRIPTION OUTPUT

The operations are the (method, path) pairs of the spec's YAML files; the output keeps them
with every component they reach and nothing else. One change makes the description acceptable
to progenitor 0.15, which stops at an operation whose responses have more than one shape (an
`assert!` in its response handling): such an operation keeps its first success response, and
only the error responses of the same schema as its first one (a secret's PUT answers 201 with
a body or 204 without, for example); the client is still the same operations with the same
models.

Python's standard library only.
"""

import json
import re
import sys
from pathlib import Path


def spec_operations(spec_dir):
    """The (method, path) pairs of the spec: each operation's `method:` and the `path:` after it."""
    operations = set()
    for file in sorted(Path(spec_dir).glob("*.yaml")):
        method = None
        for line in file.read_text().splitlines():
            if found := re.match(r"\s+method: (\w+)$", line):
                method = found.group(1).lower()
            elif (found := re.match(r"\s+path: (/\S+)$", line)) and method:
                operations.add((method, found.group(1)))
                method = None
    return operations


def reachable_components(node, components, kept):
    """Adds to `kept` every component that `node` refers to, and what those refer to."""
    if isinstance(node, dict):
        if ref := node.get("$ref"):
            _, _, kind, name = ref.split("/")
            if name not in kept.setdefault(kind, {}):
                kept[kind][name] = components[kind][name]
                reachable_components(kept[kind][name], components, kept)
        for value in node.values():
            reachable_components(value, components, kept)
    elif isinstance(node, list):
        for value in node:
            reachable_components(value, components, kept)


def one_shape_of_response(operation, components):
    """Keeps the first success response, and the error responses shaped like the first error."""

    def shape(response):
        """The JSON body's schema (as text), or None without one."""
        if ref := response.get("$ref"):
            response = components["responses"][ref.split("/")[-1]]
        body = response.get("content", {}).get("application/json")
        return None if body is None else json.dumps(body.get("schema"), sort_keys=True)

    responses = operation["responses"]
    codes = sorted(responses)
    successes = [code for code in codes if code[0] in "23"]
    errors = [code for code in codes if code[0] in "45"]
    kept = successes[:1]
    if errors:
        first = shape(responses[errors[0]])
        kept += [code for code in errors if shape(responses[code]) == first]
    operation["responses"] = {code: responses[code] for code in kept}


def main():
    spec_dir, description_file, output = sys.argv[1:4]
    wanted = spec_operations(spec_dir)
    description = json.loads(Path(description_file).read_text())
    paths = {}
    for path, item in description["paths"].items():
        for method, operation in item.items():
            if (method, path) in wanted:
                one_shape_of_response(operation, description["components"])
                paths.setdefault(path, {})[method] = operation
                wanted.discard((method, path))
    if wanted:
        sys.exit(f"not in GitHub's description: {sorted(wanted)}")
    components = {}
    reachable_components(paths, description["components"], components)
    cut = {key: description[key] for key in ("openapi", "info", "servers") if key in description}
    cut["paths"] = paths
    cut["components"] = components
    Path(output).write_text(json.dumps(cut, indent=1))


if __name__ == "__main__":
    main()
