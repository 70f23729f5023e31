"""Partitions of the inbox: fiscal year × batch (`<inbox>/<year>/<batch>/`, etl/batches.py).

A partition is a batch of documents, not one document: a national year is hundreds of thousands of reports
and Dagster advises at most about 100,000 partitions per asset, while ~3,200 batches a year (one per county,
city, province and the centre) over ten years is 32,000. docs/platform.md has the numbers.
"""
import dagster as dg

YEAR, BATCH = "fiscal_year", "batch"
FIRST_YEAR = "2010"

# one partition per year from 2010 to the current one (Beijing time): a new year appears on 1 January by itself
fiscal_years = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start=FIRST_YEAR, fmt="%Y", timezone="Asia/Shanghai", end_offset=1)
# the batch folders the inbox sensor has seen, in any year
batches = dg.DynamicPartitionsDefinition(name="disclosure_batches")
year_batches = dg.MultiPartitionsDefinition({YEAR: fiscal_years, BATCH: batches})


def partition_key(fiscal_year: int, batch: str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({YEAR: str(fiscal_year), BATCH: batch})
