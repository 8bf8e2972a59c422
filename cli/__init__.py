"""The command line (`python main.py …`): click commands that parse, call bot/, print, and exit.

Exit codes: 0 done, 1 the work failed (invalid knowledge base, unknown code, database down…),
2 the command was mistyped. Every message is Vietnamese; no traceback reaches the terminal."""

from __future__ import annotations

from collections.abc import Sequence

import click

from cli import desk, knowledge, serve
from cli.app import cli, usage_message

# Every command, in the order `--help` lists them.
for command in (
    serve.run,
    serve.chat,
    knowledge.ask,
    knowledge.evaluate_command,
    knowledge.validate,
    knowledge.check_command,
    knowledge.eligibility,
    desk.requests,
    desk.unanswered,
    serve.db,
):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="main.py", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.UsageError as mistake:
        click.echo(usage_message(mistake), err=True)
        return 2
    except click.ClickException as failure:
        click.echo(f"Lỗi: {failure.format_message()}", err=True)
        return failure.exit_code
    except click.Abort:
        click.echo("Đã dừng.", err=True)
        return 1
    return result if isinstance(result, int) else 0
