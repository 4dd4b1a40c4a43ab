"""The local stand-in for two AWS accounts: the moto server emulator and a throw-away project (``emulator``), and
``make demo`` (``demo``), which the tests share.
"""
