"""A pure-Python package uploaded as modules (vendored)."""

from .util import shout
from . import data

VERSION = "tinypkg-1.0"


def describe():
    return "%s has %d items" % (shout("tinypkg"), len(data.ITEMS))
