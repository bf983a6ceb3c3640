"""RunState and the result tabs' status lines, without an app."""

from __future__ import annotations

from kctui.core.console.outcome import Outcome, StatementResult
from kctui.core.console.sqltext import split
from kctui.core.console.state import Phase, RunState, TabStatus, plural, position


class FakeRun:
    cancelled = 0

    def cancel(self) -> None:
        self.cancelled += 1


def status_result() -> StatementResult:
    return StatementResult(
        0, "CREATE TABLE t (a INT)", "CREATE", ("Count",), ("BIGINT",), [], True, True, None, 0.01
    )


def test_a_run_goes_running_cancelling_idle() -> None:
    state = RunState()
    run = FakeRun()
    source = "SELECT 1;\nSELECT 2"
    assert state.start(run, split(source), source, now=10.0) is None  # type: ignore[arg-type]
    assert state.busy and state.phase is Phase.RUNNING
    assert state.status(now=11.25) == "Running… 1.2 s · escape cancels"
    assert state.cancel() and run.cancelled == 1 and state.phase is Phase.CANCELLING
    assert state.status(now=12.0).startswith("Cancelling…")
    state.cancelled(2.0)
    assert not state.busy and state.status(0) == "Cancelled after 2.00 s"
    assert not state.cancel()
    assert state.text == source


def test_finished_failed_and_error_locations() -> None:
    state = RunState()
    source = "SELECT 1;\n  SELECT x FROM y"
    state.start(FakeRun(), split(source), source, now=0)  # type: ignore[arg-type]
    state.failed(1, 0.5)
    assert state.note == "Failed · statement 2 of 2 · 0.500 s"
    assert state.location_of(1, 0, 9) == (1, 11)
    assert state.location_of(1, None, 3) is None
    state.finished(Outcome((status_result(),), 1, 0.02, True))
    assert state.note == "CREATE ok · 0.020 s"


def test_tab_status_texts() -> None:
    assert plural(1) == "1 row" and plural(1234) == "1,234 rows"
    streaming = TabStatus(rows=200, more=True, first_rows=0.1, work="counting")
    assert streaming.text() == "counting… escape cancels · ≥ 200 rows so far · first rows 0.100 s"
    assert position(0, 0, streaming, 3) == "row 1 of ≥ 200 · col 1/3"
    known = TabStatus(rows=200, total=10_000_000, more=True, first_rows=0.1, counted=0.02)
    assert known.text() == "10,000,000 rows · first rows 0.100 s · counted in 0.020 s"
    assert position(1233, 1, known, 2) == "row 1,234 of 10,000,000 · col 2/2"
    capped = TabStatus(rows=200_000, more=True, capped=True, note="count cancelled")
    assert "more not loaded" in capped.text() and "count cancelled" in capped.text()
    assert position(5, 0, capped, 1) == "row 6 of 200,000 · col 1/1"
    assert (
        TabStatus(rows=1, statement="statement 2 of 3")
        .text()
        .startswith("statement 2 of 3 · 1 row")
    )
