"""The consent commands: recording parents' decisions and deciding each share. The consent events
and the one policy live below the domain, in ``consent/``."""
