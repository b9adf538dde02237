"""Where each block of a control-list entry sits in the entry's own numbering (3A001.b.3.a).

Annex I of 2021/821 nests its sub-items by indentation, alternating letters and numbers
("- b. Microwave items" > "- 3. Microwave transistors" > "- a. Rated for ..."). A long entry is
cut into several passages; knowing each block's path lets a passage be cited to the deepest
sub-item that holds all of it ("entry 3A001.b.3" rather than "entry 3A001") and carry the
opening words of its parents in its heading path, which is what makes "a. Rated for operation
at frequencies exceeding 2,7 GHz" findable as a microwave transistor.
"""

from __future__ import annotations

import re

from ingest.structure.blocks import Block

LABEL = re.compile(r"^([a-z]|\d{1,2})\.\s")
NOTE = re.compile(r"^(?:Technical\s+)?Notes?\b|^N\.\s?B\.", re.I)
BARE = re.compile(r"^(?:(?:Technical\s+)?Notes?(?:\s+\d)?:?|N\.\s?B\.\s?\d?\.?|\d{1,2}\.)$", re.I)

#: one level of a path: the sub-item's label ("b") and its opening words
Step = tuple[str, str]


def item_paths(blocks: list[Block], code: str = "") -> list[tuple[Step, ...]]:
    """The path of every block (the entry's own opening block has the empty path).

    A labelled list item opens a level below the items less indented than it. Any other
    indented block (a note, a dash item) belongs to the deepest item less indented than it:
    "Note: 3A001.a.2. does not control ..." sits at the depth of a.2's own points. A note that
    starts at the margin speaks of the whole entry; other text at the margin continues the block
    before it (the source wraps italic notes there).

    The indentation of notes is not always right, and a note names what it speaks of: "For the
    purpose of 3A001.e.1., ..." under e.1.b is cited to e.1, and "3A001.c. does not control ..."
    at the margin (naming it first) to c; cross-references ("see 3A001.b.12.") do not count."""
    stack: list[tuple[int, str, str]] = []
    paths: list[tuple[Step, ...]] = []
    seen: dict[tuple[str, ...], tuple[Step, ...]] = {}
    opens = re.compile(rf"^(?:(?:For the purposes? of|In)\s+)?{re.escape(code)}\.[a-z0-9]")
    named = re.compile(rf"(?<!see )\b{re.escape(code)}((?:\.[a-z0-9]{{1,2}})+)\.?(?![a-z0-9])") if code else None
    for n, b in enumerate(blocks):
        if n == 0:
            paths.append(())
            continue
        m = LABEL.match(b.text) if b.item else None
        if m or b.indent > 0 or b.item:
            while stack and stack[-1][0] >= b.indent:
                stack.pop()
            if m:
                stack.append((b.indent, m.group(1), b.text))
        elif NOTE.match(b.text):
            stack.clear()
        path = tuple((label, lead) for _, label, lead in stack)
        seen.setdefault(tuple(label for label, _ in path), path)
        if named and not m and (mentions := [tuple(x.strip(".").split(".")) for x in named.findall(b.text)]):
            scope = common_path(mentions)
            if path:
                path = path[: len(common_path([tuple(label for label, _ in path), scope]))]
            elif opens.match(b.text):  # at the margin, only a note that opens by naming its scope
                while scope and scope not in seen:
                    scope = scope[:-1]
                path = seen.get(scope, ())
        paths.append(path)
    # a bare note heading ("Note:", "Technical Notes:", "1.") speaks of what its text speaks of
    for n in range(len(blocks) - 2, 0, -1):
        if BARE.match(blocks[n].text):
            here, after = paths[n], paths[n + 1]
            paths[n] = after if after[: len(here)] == here else common_path([here, after])
    return paths


def common_path(paths: list[tuple]) -> tuple:
    """The deepest sub-item holding every one of these blocks (paths of steps or of labels)."""
    if not paths:
        return ()
    shortest = min(len(p) for p in paths)
    depth = 0
    while depth < shortest and all(p[depth] == paths[0][depth] for p in paths):
        depth += 1
    return paths[0][:depth]


def pinpoint(code: str, path: tuple[Step, ...]) -> str:
    """'3A001' + (b, 3) -> '3A001.b.3', the way the control list cites its own sub-items."""
    return ".".join([code, *(label for label, _ in path)])
