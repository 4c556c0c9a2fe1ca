"""Build Cordeau pr11-pr20 TOPTW instances from pr01-pr10 and the transcribed depots/time windows.

    python bench/toptw_extra/build.py [--shared /work/shared/bench/toptw]

pr(NN) has the customers (x, y, service d, score S) of pr(NN-10) with another depot and other time
windows, so source_tw.txt carries only what differs; every "check" line (a whole line of the source
file) must come out identical, which checks both the transcription and that premise.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path("/work/shared/bench/toptw")


def parse(text: str) -> list[dict[str, object]]:
    blocks: list[dict[str, object]] = []
    current: dict[str, object] = {}
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        key, _, rest = line.partition(" ")
        if key == "instance":
            name, _, base = rest.split()
            current = {"name": name, "base": base, "checks": [], "tw": []}
        elif key == "end":
            blocks.append(current)
        elif key == "check":
            current["checks"].append(rest.split())  # type: ignore[attr-defined]
        elif key == "tw":
            current["tw"].extend(int(v) for v in rest.split())  # type: ignore[attr-defined]
        else:
            current[key] = rest
    return blocks


def build(block: dict[str, object], shared: Path) -> str:
    base_lines = (shared / "instances" / f"{block['base']}.txt").read_text().splitlines()
    customers = [line.split() for line in base_lines[3:] if line.strip()]
    tw: list[int] = block["tw"]  # type: ignore[assignment]
    n = int(str(block["line1"]).split()[2])
    if len(customers) != n or len(tw) != 2 * n:
        raise SystemExit(f"{block['name']}: {len(customers)} customers, {len(tw) // 2} windows, want {n}")
    lines = [str(block["line1"]), str(block["line2"]), " " + str(block["depot"]).strip()]
    for k, tokens in enumerate(customers, start=1):
        i, x, y, d, s = tokens[:5]
        if int(i) != k:
            raise SystemExit(f"{block['base']}: vertex {i} on line {k}")
        lines.append(f"{k:2d} {x} {y} {d} {s} {block['mid']} {tw[2 * k - 2]} {tw[2 * k - 1]}")
    by_index = {int(line.split()[0]): line.split() for line in lines[3:]}
    for check in block["checks"]:  # type: ignore[attr-defined]
        if by_index[int(check[0])] != check:
            raise SystemExit(f"{block['name']}: line {check[0]} is {by_index[int(check[0])]}, source {check}")
    return "\n".join(lines) + "\n"


def main() -> None:
    shared = Path(sys.argv[sys.argv.index("--shared") + 1]) if "--shared" in sys.argv else SHARED
    out = HERE / "instances"
    out.mkdir(exist_ok=True)
    for block in parse((HERE / "source_tw.txt").read_text()):
        (out / f"{block['name']}.txt").write_text(build(block, shared))
        print(f"{block['name']}: ok ({len(block['checks'])} source lines reproduced)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
