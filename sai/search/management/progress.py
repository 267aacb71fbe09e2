"""A progress bar for the search commands: redrawn in place on a terminal, every 10% otherwise."""

import time


class ProgressBar:
    def __init__(self, stream, label: str, width: int = 30) -> None:
        self.stream, self.label, self.width = stream, label, width
        self.started = time.monotonic()
        self.last_step = -1
        self.tty = getattr(stream, "isatty", lambda: False)()

    def __call__(self, done: int, total: int) -> None:
        total = max(total, 1)
        fraction = min(done / total, 1.0)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        filled = int(fraction * self.width)
        line = f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} ({rate:,.0f}/s)"
        if self.tty:
            self.stream.write("\r" + line, ending="")
            self.stream.flush()
        elif int(fraction * 10) != self.last_step:
            self.last_step = int(fraction * 10)
            self.stream.write(line)

    def close(self) -> None:
        if self.tty:
            self.stream.write("")
