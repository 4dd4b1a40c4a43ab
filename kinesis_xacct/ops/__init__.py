"""Entry points a user or CI runs: ``main.py``'s CLI (``cli``), ``make synth`` (``synth``), ``make plan`` (``plan``),
provider and state locks, the state migration notes, the checkov runner, and ``load`` (a config as a command reads
it: its rules, then the IAM limits).
"""
