-- Dagster keeps its runs, events and schedules in a database of its own, beside the warehouse.
create database dagster owner warehouse;
