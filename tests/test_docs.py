"""The documentation names every measure the parser can produce."""
from etl.specs import SPECS
from tests.conftest import ROOT, SEED_PDF
from warehouse.cli import main


def test_every_measure_is_documented():
    documented = (ROOT / "docs/measures.md").read_text()
    for spec in SPECS:
        assert f"`{spec.key}`" in documented
        for rule in (*spec.columns, *spec.row_measures):
            if rule.role.startswith("measure:"):
                assert f"`{rule.role.removeprefix('measure:')}`" in documented, (spec.key, rule.role)


def test_the_corpus_report_command_writes_its_file_and_exits_0(tmp_path, capsys):
    """`warehouse report` (how docs/corpus.md is made): it once wrote the file and then failed on its summary."""
    out = tmp_path / "corpus.md"
    assert main(["report", str(SEED_PDF), "-o", str(out)]) == 0
    assert "1 files: 1 readable" in out.read_text(encoding="utf-8")
    assert "1 readable" in capsys.readouterr().out
