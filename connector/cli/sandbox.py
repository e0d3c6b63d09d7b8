"""The stand-ins for Amazon and Commerce, from the command line: ``connector sandbox amazon``
and ``connector sandbox commerce`` run one alone, and ``connector serve`` runs the demo (both,
with a store connected to them) when sandbox mode is on. The one place production code reaches
the stand-ins; nothing else of the service imports them."""

from __future__ import annotations

import click


class _Sandboxes(click.Group):
    """Each sandbox's own command, imported when it is asked for."""

    def list_commands(self, ctx):
        return ["amazon", "commerce"]

    def get_command(self, ctx, name):
        if name == "amazon":
            from connector.sandbox.amazon import command
            return command
        if name == "commerce":
            from connector.sandbox.commerce import command
            return command
        return None


@click.group(cls=_Sandboxes, help="Local stand-ins for Amazon and Commerce.")
def sandbox() -> None:
    pass


def demo_wanted(settings) -> bool:
    from connector.sandbox import demo

    return demo.wanted(settings)


def serve_demo(settings, host: str, port: int, tick: int | None) -> None:
    from connector.sandbox import demo

    demo.serve(settings, host, port, tick)
