"""`make bench`: synth time and memory against a stock CDKTF app (``run``), across frameworks (``frameworks``), and
how fast a bad config is refused (``errors``). Run from the repository root as ``python -m bench.<module>``; the
measuring loop is shared (``measure``)."""
