"""Test-only fault injection for the "nothing written on failure" tests (tests/test_nothing_written.py).

On PYTHONPATH, Python imports this module at start-up in every process, including the ``main.py`` that the
cdktf CLI starts. ``XACCT_TEST_INJECT`` selects a failure that happens late, after the config was valid:

- ``runbook``: writing RUNBOOK.md fails (ENOSPC), after CDKTF has written both stacks into the temp folder;
- ``validation``: a construct-level validation added to the kinesis-account stack fails inside
  ``app.synth()`` (a jsii error raised by the JavaScript side).
Without the variable this module does nothing.
"""

import os

_MODE = os.environ.get("XACCT_TEST_INJECT", "")

if _MODE == "runbook":
    import errno
    import pathlib

    _write_text = pathlib.Path.write_text

    def _failing_write_text(self, *args, **kwargs):
        if self.name == "RUNBOOK.md":
            raise OSError(errno.ENOSPC, "injected late failure: No space left on device", str(self))
        return _write_text(self, *args, **kwargs)

    pathlib.Path.write_text = _failing_write_text

elif _MODE == "validation":
    import importlib.abc
    import importlib.util
    import sys

    def _patch(stacks):
        import jsii
        from constructs import IValidation

        @jsii.implements(IValidation)
        class _Refuse:
            def validate(self):
                return ["injected construct-level validation error"]

        init = stacks.SourceStack.__init__

        def patched(self, *args, **kwargs):
            init(self, *args, **kwargs)
            self.node.add_validation(_Refuse())

        stacks.SourceStack.__init__ = patched

    class _AfterImport(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name != "kinesis_xacct.stacks.organisation":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            exec_module = spec.loader.exec_module

            def exec_and_patch(module):
                exec_module(module)
                _patch(module)

            spec.loader.exec_module = exec_and_patch
            return spec

    sys.meta_path.insert(0, _AfterImport())
