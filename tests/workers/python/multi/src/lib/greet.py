import textwrap


def greet(who):
    return textwrap.dedent("  hello %s" % who).strip()
