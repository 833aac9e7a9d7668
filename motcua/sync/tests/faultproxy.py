"""A fault-injecting HTTP/1.1 proxy for the chaos test (asyncio, one request per connection).

Between the province and the hub it drops requests (never forwarded), drops responses (the hub
applied the batch, the province never hears so), duplicates requests (the copy goes later, so
it overtakes or trails other batches), delays each request at random (reordering), and counts
what it did. `faults = False` makes it a plain pass-through. Loopback only.
"""

import asyncio
import contextlib
import random
import threading
from collections import Counter

LOOPBACK = "127.0.0.1"


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int = 7,
        drop_request: float = 0.3,
        drop_response: float = 0.3,
        duplicate: float = 0.15,
        max_delay_s: float = 0.25,
        duplicate_delay_s: tuple[float, float] = (0.1, 2.0),
    ) -> None:
        self.upstream_port = upstream_port
        self.random = random.Random(seed)
        self.drop_request = drop_request
        self.drop_response = drop_response
        self.duplicate = duplicate
        self.max_delay_s = max_delay_s
        self.duplicate_delay_s = duplicate_delay_s
        self.faults = True
        self.stats: Counter = Counter()
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._pending: set[asyncio.Task] = set()

    # --- lifecycle (called from the test thread) ---------------------------------------------

    def start(self) -> int:
        self._thread = threading.Thread(target=self._run, name="faultproxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault proxy did not start")
        return self.port

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def in_flight(self) -> int:
        """Connections and delayed duplicates not finished yet."""
        return len(self._pending)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._serve, LOOPBACK, 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            self._server.close()
            for task in list(self._pending):
                task.cancel()
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(asyncio.sleep(0))
            self._loop.close()

    # --- proxying ----------------------------------------------------------------------------

    def _track(self, coro) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        return task

    def _chance(self, p: float) -> bool:
        return self.faults and self.random.random() < p

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._pending.add(asyncio.current_task())
        try:
            request = await _read_request(reader)
            if request is None:
                return
            self.stats["requests"] += 1
            if self._chance(self.drop_request):
                self.stats["dropped_requests"] += 1
                return
            if self._chance(self.duplicate):
                self.stats["duplicated_requests"] += 1
                delay = self.random.uniform(*self.duplicate_delay_s)
                self._track(self._send_later(request, delay))
            if self.faults and self.max_delay_s:
                await asyncio.sleep(self.random.uniform(0, self.max_delay_s))
            response = await self._forward(request)
            if response is None:
                self.stats["upstream_unreachable"] += 1
                return
            if self._chance(self.drop_response):
                self.stats["dropped_responses"] += 1
                return
            writer.write(response)
            await writer.drain()
            self.stats["forwarded"] += 1
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            self.stats["connection_errors"] += 1
        finally:
            with contextlib.suppress(Exception):
                writer.close()
            self._pending.discard(asyncio.current_task())

    async def _send_later(self, request: bytes, delay: float) -> None:
        await asyncio.sleep(delay)
        if await self._forward(request) is not None:
            self.stats["duplicates_delivered"] += 1

    async def _forward(self, request: bytes) -> bytes | None:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(LOOPBACK, self.upstream_port), 5
            )
        except (OSError, TimeoutError):
            return None
        try:
            writer.write(request)
            await writer.drain()
            return await asyncio.wait_for(reader.read(-1), 30) or None
        except (OSError, TimeoutError):
            return None
        finally:
            with contextlib.suppress(Exception):
                writer.close()


async def _read_request(reader: asyncio.StreamReader) -> bytes | None:
    """One whole request (head and Content-Length body), rewritten to `Connection: close`."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
        return None
    length = 0
    lines = head[:-4].split(b"\r\n")
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() in {b"connection", b"keep-alive"}:
            continue
        kept.append(line)
    kept.append(b"Connection: close")
    body = await reader.readexactly(length) if length else b""
    return b"\r\n".join(kept) + b"\r\n\r\n" + body
