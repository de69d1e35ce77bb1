#!/usr/bin/env python3
"""Reformats spec/*.yaml so that every line diffs on its own, changing no value.

    python3 scripts/format-spec.py [FILE...]     (default: spec/*.yaml)

- A flow collection on one line over 120 characters (a JSON example pasted from GitHub's
  docs, say) becomes block YAML, one field per line: a flat list of scalars (an `enum:`)
  is wrapped as a flow list instead.
- A one-line `description:` (or `summary:`, `access:`, `availability:`) over 100 characters
  becomes a folded `>-` scalar wrapped at 100 columns.

Everything else (comments, blank lines, key order, the other lines) is left as it is. Each
rewrite is checked: the new text must parse to the same value as the old one, or the script
stops without writing. The suite's `spec_line_width` test enforces the limit this keeps.
Needs PyYAML (`pip install pyyaml`).
"""

import glob
import re
import sys
import textwrap

import yaml

MAX_LINE = 120
MAX_PROSE = 100

FLOW = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[A-Za-z_][\w-]*: )?(?P<flow>[\[{].*[\]}])\s*$")
PROSE = re.compile(
    r"^(?P<indent> *)(?P<key>(?:description|summary|access|availability): )(?P<value>[^>|\s].*)$"
)


class Dumper(yaml.SafeDumper):
    """Indents a sequence under its key, as the spec's hand-written parts do."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def block(value, indent):
    """`value` as block YAML, each line indented by `indent` spaces."""
    text = yaml.dump(
        value,
        Dumper=Dumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=float("inf"),
        indent=2,
    )
    return [" " * indent + line for line in text.splitlines()]


def flow_scalar(value):
    """One scalar as YAML flow text (quoted where it must be)."""
    text = yaml.safe_dump([value], default_flow_style=True, width=float("inf")).strip()
    return text[1:-1]


def is_scalar(value):
    return not isinstance(value, (dict, list))


def rewrite_flow(match):
    indent = len(match["indent"])
    dash = match["dash"] or ""
    key = match["key"] or ""
    value = yaml.safe_load(match["flow"])
    if not isinstance(value, (dict, list)) or not value:
        return None
    if isinstance(value, list) and all(is_scalar(item) for item in value):
        # A flat list: keep it a flow list, wrapped.
        items = [flow_scalar(item) for item in value]
        head = " " * indent + dash + key + "["
        cont = " " * (indent + len(dash) + 2)
        lines = textwrap.wrap(
            ", ".join(items) + "]",
            width=MAX_PROSE,
            initial_indent=head,
            subsequent_indent=cont,
            break_long_words=False,
            break_on_hyphens=False,
        )
        return lines
    body_indent = indent + len(dash)
    if key:
        return [" " * indent + dash + key.rstrip()] + block(value, body_indent + 2)
    # `- {…}`: the first line goes after the dash.
    lines = block(value, body_indent)
    lines[0] = " " * indent + dash + lines[0][body_indent:]
    return lines


def rewrite_prose(match):
    indent = len(match["indent"])
    key = match["key"]
    value = yaml.safe_load(key + match["value"])[key[:-2]]
    if not isinstance(value, str) or "  " in value or value != value.strip():
        return None
    lines = textwrap.wrap(
        value,
        width=MAX_PROSE,
        initial_indent=" " * (indent + 2),
        subsequent_indent=" " * (indent + 2),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [" " * indent + key + ">-"] + lines


def same_value(old_lines, new_lines):
    """Whether two snippets of one mapping entry or sequence item parse to the same value."""

    def parse(lines):
        indent = min(len(line) - len(line.lstrip(" ")) for line in lines if line.strip())
        return yaml.safe_load("\n".join(line[indent:] for line in lines))

    return parse(old_lines) == parse(new_lines)


def format_text(text, name):
    out = []
    changed = 0
    for number, line in enumerate(text.split("\n"), 1):
        new = None
        if len(line) > MAX_LINE and (match := FLOW.match(line)):
            new = rewrite_flow(match)
        elif len(line) > MAX_PROSE and (match := PROSE.match(line)):
            new = rewrite_prose(match)
        if new is None:
            out.append(line)
            continue
        if not same_value([line], new):
            sys.exit(f"{name}:{number}: the rewrite would change the value; file left as it is")
        out.extend(new)
        changed += 1
    return "\n".join(out), changed


def main():
    files = sys.argv[1:] or sorted(glob.glob("spec/*.yaml"))
    for name in files:
        with open(name, encoding="utf-8") as f:
            text = f.read()
        new, changed = format_text(text, name)
        if yaml.safe_load(new) != yaml.safe_load(text):
            sys.exit(f"{name}: the reformatted file parses differently; file left as it is")
        if changed:
            with open(name, "w", encoding="utf-8") as f:
                f.write(new)
            print(f"{name}: {changed} lines reformatted")


if __name__ == "__main__":
    main()
