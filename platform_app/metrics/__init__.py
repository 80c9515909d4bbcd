"""The figures of the Compact in numbers: hourly snapshots of figures and breakdowns, and visit counts."""
