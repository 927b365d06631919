# Standard library modules the template did not preload, including C extensions.
import base64
import decimal
import fractions
import hashlib
import statistics
import uuid
import zlib
from datetime import datetime, timezone

from workers import Response


def on_fetch(request, env):
    results = {
        "fraction": str(fractions.Fraction(3, 4) + fractions.Fraction(1, 4)),
        "decimal": str(decimal.Decimal("1.10") + decimal.Decimal("2.20")),
        "sha256": hashlib.sha256(b"hearth").hexdigest()[:16],
        "b64": base64.b64encode(b"hi").decode(),
        "mean": statistics.mean([1, 2, 3, 4]),
        "uuid_len": len(str(uuid.uuid4())),
        "zlib": len(zlib.compress(b"a" * 1000)) < 100,
        "year": datetime.fromtimestamp(0, timezone.utc).year,
    }
    import threading

    out = []
    t = threading.Thread(target=lambda: out.append(sum(range(10))))
    t.start()
    t.join()
    results["thread"] = out[0]
    try:
        import zoneinfo

        results["tz"] = datetime(2024, 7, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")).utcoffset().seconds
    except Exception as e:  # tzdata may be missing on the machine
        results["tz"] = "unavailable: %s" % type(e).__name__
    try:
        import sqlite3

        db = sqlite3.connect(":memory:")
        results["sqlite"] = db.execute("select 1 + 1").fetchone()[0]
    except Exception as e:
        results["sqlite"] = "unavailable: %s" % type(e).__name__
    return Response.json(results)
