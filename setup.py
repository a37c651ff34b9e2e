"""Installs report-templates/, schemas/ and data-template/ under share/shuili/ (see core/resources.py)."""

import os

from setuptools import setup


def tree(folder: str) -> list[tuple[str, list[str]]]:
    out = []
    for dirpath, _, filenames in os.walk(folder):
        files = [os.path.join(dirpath, f) for f in filenames if not f.startswith(".")]
        if files:
            out.append((os.path.join("share", "shuili", dirpath), files))
    return out


setup(data_files=tree("report-templates") + tree("schemas") + tree("data-template"))
