"""``newsledger fmt`` (one canonical layout) and ``newsledger validate --fix`` (safe fixes).

Both edit files through :mod:`newsledger.yamledit` (comments kept), check that the
result reads back as the data they meant (the same data, for ``fmt``), and write
atomically; a file they cannot parse is reported and left alone.
"""
