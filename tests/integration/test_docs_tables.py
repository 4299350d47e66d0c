"""The tables the docs print are the tables the code runs on: every block
between `<!-- kesu help TOPIC --markdown -->` and `<!-- end -->` in docs/
must be exactly what `kesu help TOPIC --markdown` prints now."""
import re

import pytest

from conftest import ROOT, kesu

BLOCK = re.compile(r"^([ \t]*)<!-- kesu help (\w+) --markdown -->\n(.*?)^[ \t]*<!-- end -->",
                   re.S | re.M)


def blocks():
    for doc in sorted((ROOT / "docs").glob("*.md")):
        for m in BLOCK.finditer(doc.read_text()):
            indent, topic, body = m.groups()
            lines = [line[len(indent):] if line.startswith(indent) else line
                     for line in body.splitlines()]
            yield doc.name, topic, "\n".join(lines).strip()


def test_the_docs_hold_the_tables_that_matter():
    found = {(doc, topic) for doc, topic, _ in blocks()}
    assert ("workflow.md", "workflow") in found and ("workflow.md", "sla") in found
    assert ("api.md", "scopes") in found


@pytest.mark.parametrize("doc,topic,body", list(blocks()))
def test_a_docs_table_is_the_codes(doc, topic, body):
    r = kesu("help", topic, "--markdown")
    assert r.returncode == 0, r.stderr
    assert body == r.stdout.strip(), f"docs/{doc}: run `kesu help {topic} --markdown` and paste it"


def test_every_permission_is_in_some_scope_and_the_help_says_so():
    out = kesu("help", "scopes").stdout
    roles = kesu("help", "roles").stdout
    perms = re.findall(r"^  ([a-z.]+)\s{2,}", roles.split("Permissions:")[1], re.M)
    assert "compensation.approve" in perms and len(perms) >= 17
    for p in perms:
        assert p in out, p
