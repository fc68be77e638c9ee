"""The demo kit (docs/decisions/010): what every app's demo content is built with.

`names` (seeded generators and plausible names), `clock` (the demo year and its time zone),
`fenghua` (the district to build), `state` (what a build has made so far, handed from step
to step) and `rows` (the one bulk write path). The kit imports no app: each app's `demo.py`
imports it, and `yipanqi.demo` orchestrates the apps' steps.
"""
