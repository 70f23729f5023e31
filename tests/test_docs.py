"""The documentation names every measure the parser can produce."""
from etl.specs import SPECS
from tests.conftest import ROOT


def test_every_measure_is_documented():
    documented = (ROOT / "docs/measures.md").read_text()
    for spec in SPECS:
        assert f"`{spec.key}`" in documented
        for rule in (*spec.columns, *spec.row_measures):
            if rule.role.startswith("measure:"):
                assert f"`{rule.role.removeprefix('measure:')}`" in documented, (spec.key, rule.role)
