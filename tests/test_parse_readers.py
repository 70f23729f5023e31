"""Readers sit behind a registry: each spec names the reader of its table."""
from etl.parse import READERS, GridReader
from etl.specs import SPECS
from etl.vocabulary import RowKey


def test_the_grid_reader_is_registered():
    assert READERS["grid"] is GridReader


def test_every_spec_names_a_registered_reader():
    assert {spec.key: spec.reader for spec in SPECS if spec.reader not in READERS} == {}


def test_every_spec_keys_its_rows_by_a_row_key_or_none():
    assert all(spec.row_key is None or isinstance(spec.row_key, RowKey) for spec in SPECS)
