# A Worker of several modules: a sibling module, a sub-package and a vendored package.
import helper
from lib.greet import greet
import tinypkg
from tinypkg.util import shout

from workers import Response


def on_fetch(request, env):
    return Response(
        " | ".join([helper.NAME, greet("py"), tinypkg.VERSION, shout("vendored"), tinypkg.describe()])
    )
