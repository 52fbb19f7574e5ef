"""Releases: build the published dataset from validated records, and compare releases.

Modules, in the order a build uses them:

* :mod:`~newsledger.release.tables`: model dumps -> the four Arrow tables;
* :mod:`~newsledger.release.build`: validate, then write the release directory
  atomically (``build_release``; ``write_release`` is the pure core);
* :mod:`~newsledger.release.datapackage`, :mod:`~newsledger.release.croissant`,
  :mod:`~newsledger.release.card`: standard metadata written beside the data;
* :mod:`~newsledger.release.manifest`: ``manifest.json`` and ``SHA256SUMS``;
* :mod:`~newsledger.release.diff`: what changed between two releases.

Nothing is imported here so that ``import newsledger`` stays free of pyarrow.
"""
