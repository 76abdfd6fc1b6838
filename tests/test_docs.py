"""The documentation holds together: a short README, links that lead somewhere, every page
reachable from docs/index.md, every setting documented, benchmark figures written into
docs/benchmarks.md."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted([ROOT / "README.md", *DOCS.rglob("*.md")])
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, re.M)}


def links(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return LINK.findall(text)


def test_the_readme_is_a_front_door_of_at_most_250_lines():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 250


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_leads_somewhere(page):
    broken = []
    for target in links(page):
        if re.match(r"[a-z]+:", target):      # http(s), mailto: not ours to check here
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(target)
    assert not broken, f"{page.relative_to(ROOT)}: broken links {broken}"


def test_every_docs_page_is_linked_from_the_index():
    index = DOCS / "index.md"
    linked = {(index.parent / t.partition("#")[0]).resolve() for t in links(index)
              if not re.match(r"[a-z]+:", t)}
    missing = [p.relative_to(ROOT) for p in DOCS.rglob("*.md") if p != index and p not in linked]
    assert not missing, f"link these from docs/index.md: {missing}"


def test_the_readme_screenshot_exists_and_is_a_png():
    image = DOCS / "img" / "parcoursup-mockup.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_environment_variable_of_the_settings_is_in_the_production_page():
    from bff import settings

    production = (DOCS / "production.md").read_text(encoding="utf-8")
    missing = [v.name for v in settings.VARIABLES if f"| `{v.name}` |" not in production]
    assert not missing, f"add a row to docs/production.md for {missing}"


def test_the_text_lookup_order_is_stated_once():
    everything = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    assert everything.count("the platform's override (the Parcoursup or Affelnet wording") == 1
    assert "the all-platforms text, else the default" not in everything
    assert "then the all-callers override,\n  then the default" not in everything


@pytest.fixture
def bench_harness():
    sys.path.insert(0, str(ROOT))
    try:
        from bench import harness
        yield harness
    finally:
        sys.path.remove(str(ROOT))


def test_benchmarks_write_their_section_of_the_benchmarks_page(bench_harness, tmp_path):
    assert bench_harness.BENCHMARKS_PAGE == DOCS / "benchmarks.md"
    page = tmp_path / "benchmarks.md"
    shutil.copy(bench_harness.BENCHMARKS_PAGE, page)
    before = page.read_text(encoding="utf-8")
    assert before.count("<!-- bench:pay -->") == 1 and "<!-- bench:machine -->" in before

    bench_harness.write_section("pay", "### Pay simulator\n\nnew figures", page)
    bench_harness.write_section("newcomer", "### A new widget\n\nits figures", page)
    after = page.read_text(encoding="utf-8")

    pay = re.search(r"<!-- bench:pay -->\n(.*?)\n<!-- /bench:pay -->", after, re.S).group(1)
    assert pay == "### Pay simulator\n\nnew figures"
    assert after.index("<!-- bench:newcomer -->") < after.index("<!-- bench:machine -->")
    # Every other section is left as it was.
    strip = lambda text: re.sub(r"<!-- bench:(pay|newcomer) -->.*?<!-- /bench:\1 -->\n*", "",  # noqa: E731
                                text, flags=re.S)
    assert strip(after) == strip(before)
    assert bench_harness.wants_write(["--write"]) and bench_harness.wants_write(["--readme"])
    assert not bench_harness.wants_write([])


def test_generated_parts_of_the_docs_are_in_step_with_the_code():
    """The settings table and the loader's SRI lines are written by tools/build_docs.py."""
    import subprocess
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
