"""Every file, make target, management command and setting the README and docs/*.md name exists.

What counts as a name: a relative link; in code (`spans` and fenced blocks) a repository path
(`reports/deadlines.py`, `scripts/faults`, `docs/api.md`; `reports/services.save_month` also needs
`save_month` defined in that module), a bare file name (`jalali.py`: somewhere in the repository),
`make TARGET`, `manage.py COMMAND`, and a setting or environment variable in capitals
(`PAYESH_API_RATE`, `REDIS_URL=...`). The names in the Configuration table must be read from the
environment by the settings module itself.
"""

import functools
import os
import re
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)  # wherever the tests folder puts this file
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SKIPPED = (".venv", ".venv-load", ".git", "node_modules", "staticfiles", "artifacts", "__pycache__")
FILE_KINDS = ("py", "md", "txt", "toml", "yml", "yaml", "ini", "cfg", "csv", "png", "html", "json", "po", "sh")

# Names the docs already use for what parallel work brings (issue 25): each is accepted only while it
# is still missing, and test_pending_names_are_still_pending says when to take one out of this list.
PENDING_FOLDERS: dict[str, str] = {}  # the project's configuration moves out of payesh/
PENDING_MAKE_TARGETS: set[str] = set()


def code_and_links(text):
    """The code (inline spans and fenced blocks, one string each) and the link targets of a Markdown text."""
    code, prose, fenced = [], [], None
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            if fenced is None:
                fenced = []
            else:
                code.append("\n".join(fenced))
                fenced = None
        elif fenced is not None:
            fenced.append(line)
        else:
            prose.append(line)
    prose = "\n".join(prose)
    code += re.findall(r"`([^`\n]+)`", prose)
    links = re.findall(r"\]\(([^)\s]+)\)", re.sub(r"`[^`\n]+`", "", prose))
    return code, links


def tokens(code):
    for token in code.split():
        token = token.strip(",;:()[]'\"")
        if token:
            yield token


@functools.cache
def repository_files():
    return [path for path in ROOT.rglob("*")
            if path.is_file() and not any(part in SKIPPED for part in path.relative_to(ROOT).parts)]


def path_problem(token):
    """Why a repository path named in code does not exist, or None (also for what is no such path)."""
    if any(c in token for c in "<>*${}:=~?&") or token.startswith(("/", ".venv", "..", "http")) or "..." in token:
        return None
    top = token.split("/", 1)[0]
    names_file = re.search(r"\.(" + "|".join(FILE_KINDS) + r")$", token)
    if "/" in token and ((ROOT / top).exists() or top + "/" in PENDING_FOLDERS or names_file):
        return None if module_path_exists(token) else f"no such path: {token}"
    if "/" not in token and names_file and re.fullmatch(r"[\w.-]+", token):
        return None if any(p.name == token for p in repository_files()) else f"no such file anywhere: {token}"
    return None


def module_path_exists(token):
    token = token.rstrip("/")
    for new, old in PENDING_FOLDERS.items():
        if (token + "/").startswith(new) and not (ROOT / new).exists():
            token = (old + token[len(new):]).rstrip("/")
    if (ROOT / token).exists():
        return True
    module, _, name = token.rpartition(".")
    if name == "py":  # a module that became a package
        return (ROOT / module / "__init__.py").exists()
    source = module_source(module) if "/" in module and re.fullmatch(r"\w+", name) else None
    # reports/services.save_month: the module defines the name
    return source is not None and re.search(rf"^\s*(?:async def|def|class) {name}\b|^{name}\s*[:=]", source, re.M) is not None


def module_source(module):
    """The source of `module` (a path without .py), a file or a package, or None."""
    if (ROOT / f"{module}.py").is_file():
        return (ROOT / f"{module}.py").read_text()
    if (ROOT / module / "__init__.py").is_file():
        return "\n".join(p.read_text() for p in sorted((ROOT / module).glob("*.py")))
    return None


def link_problem(doc, target):
    if target.startswith(("http://", "https://", "mailto:")):
        return None  # outside the repository: test_the_docs_send_nobody_outside_the_repository
    path, _, anchor = target.partition("#")
    file = (doc.parent / path).resolve() if path else doc
    if not file.exists():
        return f"no such link target: {target}"
    if anchor and file.suffix == ".md" and anchor not in heading_anchors(file.read_text()):
        return f"no heading for the link's anchor: {target}"
    return None


def heading_anchors(text):
    """GitHub's anchors of a Markdown text's headings: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)  # a shell comment is no heading
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def make_targets():
    return set(re.findall(r"^([\w.-]+)\s*:(?!=)", (ROOT / "Makefile").read_text(), re.M))


def environment_read_by_settings():
    """The environment variables the settings module reads (run again with os.environ watched)."""
    seen = set()

    class Watched(dict):
        def get(self, key, default=None):
            seen.add(key)
            return super().get(key, default)

        def __getitem__(self, key):
            seen.add(key)
            return super().__getitem__(key)

        def __contains__(self, key):
            seen.add(key)
            return super().__contains__(key)

    files = [ROOT / "config" / "settings.py", ROOT / "payesh" / "settings.py"]
    environment = Watched(os.environ, DEBUG="true")
    with mock.patch.object(os, "environ", environment):
        for file in files:
            if file.exists():
                runpy.run_path(str(file))
    return seen


def mentioned_outside_the_docs(name):
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    for path in repository_files():
        if path.suffix not in (".md", ".png", ".mo", ".po") and path != Path(__file__) and path.stat().st_size < 2_000_000:
            try:
                if pattern.search(path.read_text()):
                    return True
            except UnicodeDecodeError:
                continue
    return False


def capital_names(code):
    """Settings and environment variables named in code: PAYESH_API_RATE, REDIS_URL=..., DEBUG=true."""
    for token in tokens(code):
        match = re.fullmatch(r"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)(=\S*)?", token)
        if match and ("_" in match[1] or match[2]):
            yield match[1]


def problems_of(doc, text, known_settings, environment, commands, targets):
    code, links = code_and_links(text)
    found = [link_problem(doc, target) for target in links]
    for block in code:
        block = re.sub(r"(^|\s)#.*", "", block)  # a shell comment is prose
        variables = set(re.findall(r"^\s*([A-Z][A-Z0-9_]*)=\S*\s*$", block, re.M))  # TOKEN=... then $TOKEN
        found += [path_problem(token) for token in tokens(block)]
        for target in re.findall(r"\bmake\s+(?:[A-Z_]+=\S+\s+)*([a-z][\w-]*)", block):
            if target not in targets and target not in PENDING_MAKE_TARGETS:
                found.append(f"no make target: make {target}")
        for command in re.findall(r"\bmanage\.py\s+([a-z]\w*)", block):
            if command not in commands:
                found.append(f"no management command: manage.py {command}")
        for name in capital_names(block):
            if name not in known_settings | environment | variables and not mentioned_outside_the_docs(name):
                found.append(f"no setting or environment variable: {name}")
    return [f"{doc.relative_to(ROOT)}: {problem}" for problem in found if problem]


@pytest.fixture(scope="module")
def names():
    return {"known_settings": set(dir(settings)), "environment": environment_read_by_settings(),
            "commands": set(get_commands()), "targets": make_targets()}


def test_every_name_in_the_readme_and_the_docs_exists(names):
    problems = [p for doc in DOCS for p in problems_of(doc, doc.read_text(), **names)]
    assert not problems, "\n".join(problems)


def test_a_name_that_does_not_exist_is_caught(names):
    text = ("The rule lives in `reports/deadline_rules.py` and `reports/services.approve_all`; see "
            "[the API](docs/apis.md), run `make bench-all` and `manage.py seed_everything`, set `PAYESH_NO_SUCH_LIMIT`.")
    problems = problems_of(ROOT / "README.md", text, **names)
    assert problems == [
        "README.md: no such link target: docs/apis.md",
        "README.md: no such path: reports/deadline_rules.py",
        "README.md: no such path: reports/services.approve_all",
        "README.md: no make target: make bench-all",
        "README.md: no management command: manage.py seed_everything",
        "README.md: no setting or environment variable: PAYESH_NO_SUCH_LIMIT",
    ]


def test_the_configuration_table_names_only_what_the_settings_read(names):
    text = (ROOT / "docs" / "operations.md").read_text()
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    named = {name for row in re.findall(r"^\| (.+?) \|", table, re.M) for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)}
    assert len(named) > 30
    assert named <= names["environment"], sorted(named - names["environment"])


def test_the_docs_send_nobody_outside_the_repository():
    outside = [(doc.name, url) for doc in DOCS for url in re.findall(r"\]\((https?://[^)]+)\)", doc.read_text())]
    assert not outside


def test_pending_names_are_still_pending():
    arrived = [f"{new} exists: remove it from PENDING_FOLDERS" for new in PENDING_FOLDERS if (ROOT / new).exists()]
    arrived += [f"make {t} exists: remove it from PENDING_MAKE_TARGETS" for t in PENDING_MAKE_TARGETS & make_targets()]
    assert not arrived, "\n".join(arrived)
