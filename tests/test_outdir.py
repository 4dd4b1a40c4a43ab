"""kinesis_xacct.synth.outdir: a complete new folder replaces the output folder in one step; nothing else is touched."""

from __future__ import annotations

import pytest

from kinesis_xacct.synth import outdir

from .outputs import leftovers, tree_digest


def _folder(path, text):
    path.mkdir()
    (path / "stacks").mkdir()
    (path / "stacks" / "cdk.tf").write_text(text)
    return tree_digest(path)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_swap_in_replaces_the_folder(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    final = tmp_path / "cdktf.out"
    _folder(final, "old")
    outdir.write_marker(final)  # an output folder this tool wrote
    new = outdir.fresh_sibling(final)
    assert new.parent == final.parent and new.name.startswith(".cdktf.out.new-")
    assert [p.name for p in new.iterdir()] == [outdir.MARKER]
    new.joinpath(outdir.MARKER).unlink()
    new.rmdir()
    _folder(new, "new")
    outdir.write_marker(new)
    expected = tree_digest(new)
    outdir.swap_in(new, final)
    assert tree_digest(final) == expected
    assert not new.exists() and leftovers(final) == []


def test_exchange_is_atomic_on_linux(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    da, db = _folder(a, "A"), _folder(b, "B")
    assert outdir._exchange(a, b)  # this project runs on Linux (glibc renameat2)
    assert tree_digest(a) == db and tree_digest(b) == da


def test_swap_in_creates_a_missing_folder_and_refuses_a_file(tmp_path):
    final = tmp_path / "out"
    new = outdir.fresh_sibling(final)
    outdir.swap_in(new, final)
    assert final.is_dir() and leftovers(final) == []
    file_out = tmp_path / "file-out"
    file_out.write_text("keep")
    new = outdir.fresh_sibling(file_out)
    with pytest.raises(FileExistsError):
        outdir.swap_in(new, file_out)
    assert file_out.read_text() == "keep"
