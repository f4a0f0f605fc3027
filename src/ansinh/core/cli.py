"""Who a management command acts as: a named user (`--as USERNAME`, whose role and scope apply), or the
operator of the installation.

The operator is whoever runs the command on the server without `--as`: they hold the database anyway, so
they read nation-wide, but only what the command grants (read capabilities) and they can change nothing.
Their actions are audited as "system".
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, ValidationFailed


class Operator:
    is_authenticated = True
    is_active = True
    scope_level = None
    scope_unit = None
    scope_unit_id = None
    pk = None
    username = "operator"

    def __init__(self, *capabilities: str) -> None:
        self.capabilities = frozenset(capabilities)

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    def get_full_name(self) -> str:
        return ""


def command_actor(username: str | None, *, operator_can: tuple[str, ...]) -> Actor:
    """The active user named by `--as`, or the operator with `operator_can`; exit 2 for an unknown name."""
    if not username:
        return Operator(*operator_can)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.select_related("scope_unit")
    try:
        return users.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise CommandError(_("No active user %(name)s.") % {"name": username}, returncode=2) from None


USAGE_ERROR = 2  # bad input: a wrong option, a missing or unreadable file, invalid data
FAILED = 1  # the input was fine but the operation failed (a database or disk refused it)

_FILE_ERRORS = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError)


class NoTerminal(ApplicationError):
    """A command wanted to ask a question but nobody can answer: stdin is not a terminal."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__("cli.no_terminal", message, field=field)


def _error_text(exc: ApplicationError) -> str:
    errors = exc.errors if isinstance(exc, ValidationFailed) and exc.errors else [exc]
    return "; ".join(f"{e.field}: {e.message}" if e.field else str(e.message) for e in errors)


def _file_error_text(exc: OSError) -> str:
    name = exc.filename if exc.filename is not None else ""
    if isinstance(exc, FileNotFoundError):
        return _("%(path)s: no such file or directory.") % {"path": name}
    if isinstance(exc, IsADirectoryError):
        return _("%(path)s is a directory, not a file.") % {"path": name}
    if isinstance(exc, NotADirectoryError):
        return _("%(path)s is not a directory.") % {"path": name}
    return _("%(path)s: permission denied.") % {"path": name}


def _add_lang(parser: Any, *, top: bool) -> None:
    if not any("--lang" in action.option_strings for action in parser._actions):
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            # Sub-commands must not reset a --lang given before them to None.
            default=None if top else argparse.SUPPRESS,
            help="language of the messages (default: Vietnamese)",
        )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _add_lang(sub, top=False)


class AnsinhCommand(BaseCommand):
    """The error convention of every ansinh command that takes files or input.

    Errors the user can act on never end in a Python traceback: an ApplicationError (invalid input) or a
    missing, unreadable or wrong kind of file exits with status 2, an operation that failed (the database
    or the disk refused it) with status 1, each with one line on stderr in Vietnamese (English with
    `--lang en`). Called through `call_command`, the same errors arrive as CommandError with that
    returncode.
    """

    # Demo loaders create users with a published password and invented people: never in production.
    demo = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        _add_lang(parser, top=True)
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        # Commands with a --lang of their own read it too (options keep it). Without --lang, the active
        # language: Vietnamese from the command line (LANGUAGE_CODE), the caller's under call_command.
        lang = options.get("lang")
        with translation.override(lang) if lang else contextlib.nullcontext():
            try:
                if self.demo and settings.PRODUCTION:
                    raise CommandError(
                        _("Demo data is never loaded in production (ANSINH_ENV=production)."),
                        returncode=FAILED,
                    )
                try:
                    return super().execute(*args, **options)
                except ApplicationError as exc:
                    raise CommandError(_error_text(exc), returncode=USAGE_ERROR) from exc
                except _FILE_ERRORS as exc:
                    raise CommandError(_file_error_text(exc), returncode=USAGE_ERROR) from exc
                except UnicodeDecodeError as exc:
                    raise CommandError(
                        _("The file is not text in UTF-8: %(reason)s") % {"reason": exc.reason},
                        returncode=USAGE_ERROR,
                    ) from exc
                except (OSError, DatabaseError) as exc:
                    raise CommandError(
                        _("The operation failed: %(reason)s") % {"reason": exc}, returncode=FAILED
                    ) from exc
            except CommandError as exc:
                if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                    raise
                # One line for the person at the terminal (Django would prefix "CommandError:").
                self.stderr.write(_("Error: %(message)s") % {"message": exc})
                sys.exit(exc.returncode)


def read_secret(*, field: str, env: str, from_stdin: bool, prompt: str) -> str:
    """A secret from stdin (`--…-stdin`), from the environment variable `env`, or asked at the terminal;
    without any of them and no terminal to ask at, a clear error rather than a hang or a traceback."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise NoTerminal(
            field,
            _("No terminal to ask for the %(field)s: pipe it with --%(field)s-stdin or set %(env)s.")
            % {"field": field, "env": env},
        )
    return getpass.getpass(prompt)
