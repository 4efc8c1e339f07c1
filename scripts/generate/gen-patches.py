#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the series in patches/ from its sources, with git format-patch.

    gen-patches.py BASE_TREE [--check]

BASE_TREE is a pristine tree of the kernel the patches are made against
(the "base" line of patches.in/kernels): its files give the context and
index lines of the changes to upstream files, so that `git am -3` can
merge the series into a later tree.

Each directory NN-NAME of patches.in/ is one patch, in order:

  message     "From:" and "Subject:" lines, a blank line, the description
  files       the kit files the patch adds, "KIT_PATH TREE_PATH" per line,
              "KIT_DIR/ TREE_DIR/" for all of a directory, "@NAME" for a
              file that gen-syscalls.py generates from syscalls.tbl (at its
              place in the tree, gen-syscalls.py's TREE_PATHS)
  edits.diff  its changes to upstream files (the hunks' line counts are
              counted again: they need not be right); the patch has them
              with one line of context, or none before a hunk written
              with none (where that line differs between the kernels)

A kit file grows over the series: a comment line "rsys-series: NAME" in
it starts lines that belong to patch NAME (and the patches after it),
until the next such line; the others belong to the patch that adds the
file. syscalls.tbl is divided the same way, so each patch has its calls.
The lines are left out of the patches, and so are those after
"rsys-series: none": the kit's host unit tests, which need its stand-ins
for the kernel (rust/rsys/host.rs) and stay out of the tree. The tree after patch N is the base
tree with the edits of patches 1..N, expanded with what syscalls.tbl
generates at N, and the kit files' lines of patches 1..N; git commits each
tree and format-patch writes the series, with patches.in/cover-letter
(a subject line, a blank line, the text) as patch 0.

The syzkaller description of all the calls goes to syzkaller/, their
manual pages to man/man2/. With --check, only compares and fails if
patches/, syzkaller/ or man/man2/ is stale.
"""

import filecmp
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

KIT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MARKER = re.compile(r"^\s*(?:#|//|/\*)\s*rsys-series:\s*([a-z0-9-]+)\s*(?:\*/)?\s*$")
DATE = "2026-01-01T00:00:00+0000"


class SeriesError(Exception):
    pass


def load_gen_syscalls():
    """gen-syscalls.py as a module, for its TREE_PATHS."""
    spec = importlib.util.spec_from_file_location(
        "gen_syscalls", os.path.join(KIT, "scripts/generate/gen-syscalls.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TREE_PATHS = load_gen_syscalls().TREE_PATHS


class Stage:
    def __init__(self, index, path):
        self.index = index
        self.path = path
        self.name = re.sub(r"^[0-9]+-", "", os.path.basename(path))
        with open(os.path.join(path, "message")) as f:
            text = f.read()
        head, _, self.body = text.partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        self.author = fields["From"]
        self.subject = fields["Subject"]
        edits = os.path.join(path, "edits.diff")
        self.edits = open(edits).read() if os.path.exists(edits) else ""
        self.files = []
        for line in open(os.path.join(path, "files")):
            parts = line.split()
            if not parts:
                continue
            if len(parts) == 1 and parts[0].startswith("@"):
                if parts[0][1:] not in TREE_PATHS:
                    raise SeriesError(f"{path}/files: gen-syscalls.py generates no {parts[0][1:]} for a tree")
                parts.append(TREE_PATHS[parts[0][1:]])
            src, dst = parts
            if src.endswith("/"):
                for f in sorted(os.listdir(os.path.join(KIT, src))):
                    if os.path.isfile(os.path.join(KIT, src, f)):
                        self.files.append((src + f, dst + f))
            else:
                self.files.append((src, dst))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def staged(text, home, upto, stages, what):
    """The lines of `text` that belong to the patches up to `upto`."""
    # "none": lines of the kit's own, in no patch (its host unit tests).
    names = {s.name: s.index for s in stages}
    names["none"] = len(stages)
    current = home
    out = []
    for lineno, line in enumerate(text.splitlines(keepends=True), 1):
        m = MARKER.match(line)
        if m:
            if m.group(1) not in names:
                raise SeriesError(f"{what}:{lineno}: no patch named '{m.group(1)}' in patches.in/")
            current = names[m.group(1)]
            if current < home:
                raise SeriesError(f"{what}:{lineno}: '{m.group(1)}' comes before the patch that adds the file")
            continue
        if current <= upto:
            out.append(line)
    return "".join(out)


def generate(stages, upto, tmp):
    """What syscalls.tbl generates with the calls of patches up to `upto`."""
    table = staged(open(os.path.join(KIT, "syscalls.tbl")).read(), 0, upto, stages, "syscalls.tbl")
    d = os.path.join(tmp, f"generated.{upto}")
    os.makedirs(d)
    with open(os.path.join(d, "syscalls.tbl"), "w") as f:
        f.write(table)
    run([sys.executable, os.path.join(KIT, "scripts/generate/gen-syscalls.py"), "--allow-empty",
         os.path.join(d, "syscalls.tbl"), os.path.join(KIT, "kernel/uapi/rsys.h"), d])
    return d


def recount_edits(edits):
    """edits.diff with the line counts of every hunk header made to match."""
    out = []
    hunk = None

    def flush():
        if hunk is not None:
            old_start, new_start, rest, body, old_n, new_n = hunk
            out.append(f"@@ -{old_start},{old_n} +{new_start},{new_n} @@{rest}\n")
            out.extend(body)

    for line in edits.splitlines(keepends=True):
        m = re.match(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$", line, re.S)
        if m:
            flush()
            hunk = [m.group(1), m.group(2), m.group(3).rstrip("\n"), [], 0, 0]
            continue
        if line.startswith("--- "):
            flush()
            hunk = None
            out.append(line)
            continue
        if hunk is None:
            out.append(line)
            continue
        hunk[3].append(line)
        c = line[:1]
        if c in (" ", "-"):
            hunk[4] += 1
        if c in (" ", "+"):
            hunk[5] += 1
    flush()
    return "".join(out)


def upstream_files(stages):
    paths = set()
    for s in stages:
        for line in s.edits.splitlines():
            if line.startswith("+++ b/"):
                paths.add(line[len("+++ b/"):].strip())
    return sorted(paths)


def build_tree(stages, upto, base, tree, tmp):
    """The tree after patch `upto`: base files, edits, kit files."""
    gen = generate(stages, upto, tmp)
    for path in upstream_files(stages):
        os.makedirs(os.path.dirname(os.path.join(tree, path)), exist_ok=True)
        shutil.copyfile(os.path.join(base, path), os.path.join(tree, path))
    for s in stages[: upto + 1]:
        if s.edits:
            diff = recount_edits(s.edits)
            r = subprocess.run(["patch", "-p1", "--fuzz=0", "--no-backup-if-mismatch", "-s",
                                "-d", tree], input=diff, text=True, capture_output=True)
            if r.returncode:
                raise SeriesError(f"{s.path}/edits.diff does not apply to {base}: "
                                  + (r.stdout + r.stderr).strip().splitlines()[0])
        for src, dst in s.files:
            if src.startswith("@"):
                text = open(os.path.join(gen, src[1:])).read()
            else:
                full = os.path.join(KIT, src)
                if not os.path.isfile(full):
                    raise SeriesError(f"{s.path}/files names {src}, which does not exist")
                text = staged(open(full).read(), s.index, upto, stages, src)
            os.makedirs(os.path.dirname(os.path.join(tree, dst)), exist_ok=True)
            with open(os.path.join(tree, dst), "w") as f:
                f.write(text)
            # The kit's programs are programs in the tree too.
            if not src.startswith("@") and os.access(os.path.join(KIT, src), os.X_OK):
                os.chmod(os.path.join(tree, dst), 0o755)
    return gen


def git(repo, *args, **kw):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_DATE=DATE, GIT_COMMITTER_DATE=DATE, LC_ALL="C")
    return run(["git", "-C", repo, *args], env=env, **kw)


def series(base, out, tmp):
    """Writes the series into `out`; returns what the last patch's calls
    generate."""
    stages = [Stage(i, os.path.join(KIT, "patches.in", d))
              for i, d in enumerate(sorted(d for d in os.listdir(os.path.join(KIT, "patches.in"))
                                           if re.match(r"^[0-9]+-", d)))]
    repo = os.path.join(tmp, "repo")
    os.makedirs(repo)
    git(repo, "init", "-q", "-b", "rsys")
    name, email = re.fullmatch(r"(.*) <(.*)>", stages[0].author).groups()
    git(repo, "config", "user.name", name)
    git(repo, "config", "user.email", email)
    for path in upstream_files(stages):
        if not os.path.isfile(os.path.join(base, path)):
            raise SeriesError(f"{base} has no {path}: is it a pristine kernel tree?")
        os.makedirs(os.path.dirname(os.path.join(repo, path)), exist_ok=True)
        shutil.copyfile(os.path.join(base, path), os.path.join(repo, path))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    gen = None
    for s in stages:
        for entry in os.listdir(repo):
            path = os.path.join(repo, entry)
            if entry == ".git":
                continue
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
        gen = build_tree(stages, s.index, base, repo, tmp)
        msg = os.path.join(tmp, "message")
        with open(msg, "w") as f:
            f.write(s.subject + "\n\n" + s.body)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-F", msg, "--author", s.author)
    with open(os.path.join(KIT, "patches.in/cover-letter")) as f:
        cover = f.read()
    git(repo, "config", "branch.rsys.description", cover)
    # Kit files with the usual 3 lines of context; upstream files with 1,
    # since the lines around a change differ between the kernels the series
    # applies to, with no fuzz.
    wide, narrow = os.path.join(tmp, "wide"), os.path.join(tmp, "narrow")
    for d, context in ((wide, "-U3"), (narrow, "-U1")):
        git(repo, "format-patch", "-q", "--zero-commit", "--no-signature", "--abbrev=12",
            "--numbered", context, "--cover-letter", "--cover-from-description=subject",
            "-o", d, "HEAD~%d" % len(stages))
    os.makedirs(out)
    upstream = set(upstream_files(stages))
    bare = bare_hunks(stages)
    for name in os.listdir(wide):
        with open(os.path.join(out, name), "w") as f:
            f.write(merge_context(open(os.path.join(wide, name)).read(),
                                  open(os.path.join(narrow, name)).read(), upstream, bare))
    names = sorted(f for f in os.listdir(out) if f.endswith(".patch"))
    with open(os.path.join(out, "series"), "w") as f:
        f.writelines(n + "\n" for n in names if not n.startswith("0000-"))
    return gen


def file_diffs(patch):
    """A patch cut into its head and one piece per file: {path: diff}."""
    pieces = re.split(r"(?m)^(?=diff --git )", patch)
    diffs = {}
    for piece in pieces[1:]:
        path = re.match(r"diff --git a/(\S+) ", piece).group(1)
        diffs[path] = piece
    return pieces[0], diffs


def bare_hunks(stages):
    """The hunks of the edits written with no leading context, as (path,
    first changed line): the line before them differs between the kernels
    the series applies to (patch and git apply accept such a hunk anywhere
    when it has trailing context)."""
    bare = set()
    for s in stages:
        path = None
        lines = s.edits.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("+++ b/"):
                path = line[len("+++ b/"):]
            elif line.startswith("@@") and i + 1 < len(lines) and lines[i + 1][:1] in "+-":
                bare.add((path, lines[i + 1]))
    return bare


def strip_bare(diff, path, bare):
    """A file's diff with the leading context of its bare hunks removed."""
    out = []
    lines = diff.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        m = re.match(r"^@@ -(\d+),(\d+) \+(\d+),(\d+) @@(.*)$", lines[i], re.S)
        if not m:
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].startswith(" "):
            j += 1
        n = j - i - 1
        if n and j < len(lines) and (path, lines[j].rstrip("\n")) in bare:
            a, b, c, d = (int(g) for g in m.group(1, 2, 3, 4))
            out.append(f"@@ -{a + n},{b - n} +{c + n},{d - n} @@{m.group(5)}")
        else:
            out.extend(lines[i:j])
        i = j
    return "".join(out)


def merge_context(wide, narrow, upstream, bare):
    """`wide` with the diffs of the files in `upstream` taken from `narrow`
    (bare hunks without their leading context)."""
    head, wide_diffs = file_diffs(wide)
    _, narrow_diffs = file_diffs(narrow)
    return head + "".join(strip_bare(narrow_diffs[p], p, bare) if p in upstream else d
                          for p, d in wide_diffs.items())


def same_dirs(a, b):
    ca = sorted(os.listdir(a)) if os.path.isdir(a) else []
    cb = sorted(os.listdir(b)) if os.path.isdir(b) else []
    if ca != cb:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, ca, shallow=False)
    return not mismatch and not errors


# The kit's generated outputs besides the series: directory -> the files
# of the last patch's generated directory that go there.
OUTPUTS = {
    "syzkaller": ["rsys.txt", "rsys.txt.const"],
    "man/man2": None,  # every page of generated man2/
}


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    if len(args) != 1:
        sys.exit("usage: gen-patches.py BASE_TREE [--check]")
    base = os.path.abspath(args[0])
    with tempfile.TemporaryDirectory() as tmp:
        out = {"patches": os.path.join(tmp, "patches")}
        try:
            gen = series(base, out["patches"], tmp)
        except SeriesError as e:
            sys.exit(f"gen-patches: {e}")
        for d, names in OUTPUTS.items():
            out[d] = os.path.join(tmp, "out", d)
            os.makedirs(out[d])
            src = os.path.join(gen, os.path.basename(d))
            for name in names or sorted(os.listdir(src)):
                shutil.copyfile(os.path.join(gen if names else src, name),
                                os.path.join(out[d], name))
        if check:
            stale = [d + "/" for d in out if not same_dirs(out[d], os.path.join(KIT, d))]
            if stale:
                sys.exit(f"{', '.join(stale)} stale: run make patches and commit the result")
            print(f"{', '.join(d + '/' for d in out)} are up to date")
            return
        for d in out:
            shutil.rmtree(os.path.join(KIT, d), ignore_errors=True)
            shutil.copytree(out[d], os.path.join(KIT, d))


if __name__ == "__main__":
    main()
