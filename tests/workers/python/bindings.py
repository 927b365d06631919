# Every binding kind a Python Worker sees in env.
from workers import Response


def on_fetch(request, env):
    return Response.json(
        {
            "plain": env.PLAIN,
            "secret": env.SECRET,
            "secret_item": env["SECRET"],
            "config": env.CONFIG,
            "config_type": type(env.CONFIG).__name__,
            "version": {
                "id": env.VERSION.id,
                "tag": env.VERSION.tag,
                "timestamp": env.VERSION.timestamp,
            },
            "service": repr(env.OTHER),
            "missing": "NOPE" in env,
        }
    )
