"""uvicorn serving the web desk inside the bot's own asyncio loop (python-telegram-bot's documented
way of running beside a custom ASGI server): started after the Application, stopped before it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Generator

import uvicorn

from web.app import create_app
from web.services import WebServices

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    """uvicorn without its own signal handlers: the bot's run_polling/run_webhook owns Ctrl+C."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


class WebDesk:
    """The running web desk: its server task and the address it listens on."""

    def __init__(self, services: WebServices) -> None:
        settings = services.settings
        # Bound here, so that a busy port stops the bot's start with a clear OSError.
        self.socket = socket.create_server((settings.web_host, settings.web_port), reuse_port=False)
        self.port: int = self.socket.getsockname()[1]
        config = uvicorn.Config(
            create_app(services),
            log_config=None,  # keep the bot's logging (redaction filters included)
            access_log=False,  # request lines carry sign-in tokens and searched names
            server_header=False,
            proxy_headers=True,
            lifespan="off",
        )
        self.server = _Server(config)
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Serve in the background; return once uvicorn accepts connections."""
        self.task = asyncio.get_running_loop().create_task(self.server.serve(sockets=[self.socket]))
        while not self.server.started:
            if self.task.done():
                self.task.result()  # raises what stopped it
                raise RuntimeError("the web desk stopped while starting")
            await asyncio.sleep(0.01)
        log.info("Web desk listening on port %s", self.port)

    async def stop(self) -> None:
        """Finish the requests in progress and stop listening."""
        if self.task is None:
            return
        self.server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        self.task = None
        self.socket.close()
