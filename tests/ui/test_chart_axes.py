"""The detail chart's axes: round values on whole lines, time ticks that never touch."""

from __future__ import annotations

import itertools

import pytest

from kctui.ui.detail.axes import chart_scale, pick_ticks, tick_label, value_axis


@pytest.mark.parametrize(
    ("values", "rows"),
    [
        ([6.8, 6.5, 4.8, 2.8], 13),
        ([6.8, 47.6], 13),
        ([1.235, 9.061], 7),
        ([30.7, -12.3, 20.0], 11),
        ([-3.0, -1.0], 8),
        ([2.17, 1.91, 2.232], 22),
        ([0.0], 5),
        ([74.67, 2.1], 27),
    ],
)
def test_every_tick_sits_on_a_line_and_the_top_line_is_spare(
    values: list[float], rows: int
) -> None:
    axis = value_axis(values, rows)
    assert axis.low <= min(0.0, *values) and axis.high >= max(values) + axis.step * 0.999
    # plotext puts y on line round((y - low) / (high - low) * (rows - 1)): whole steps.
    assert (axis.high - axis.low) / axis.step == pytest.approx(rows - 1)
    for tick in axis.ticks:
        lines = (tick - axis.low) / axis.step
        assert lines == pytest.approx(round(lines), abs=1e-6)
        assert axis.low - 1e-9 <= tick <= axis.high + 1e-9
    assert 0.0 in axis.ticks or axis.low > 0 or axis.high < 0
    assert 1 <= len(axis.ticks) <= 7


def test_tick_labels_and_money_scale() -> None:
    assert [tick_label(v) for v in (0.0, 2.0, 2.5, 0.25, 1000.0)] == [
        "0",
        "2",
        "2.5",
        "0.25",
        "1,000",
    ]
    assert chart_scale([2.17e9, 1.9e9], "CNY", "auto") == (1e9, "¥ B")
    assert chart_scale([3.0e8], "USD", "auto") == (1e6, "US$ M")
    assert chart_scale([2.17e9], "CNY", "亿") == (1e8, "¥ 亿")
    assert chart_scale([6.8], "%", "B") == (1.0, "%")


def test_time_ticks_keep_the_view_period_and_never_touch() -> None:
    ticks = [(2020.0 + q / 4, f"{2020 + q // 4}Q{q % 4 + 1}") for q in range(24)]
    chosen = pick_ticks(ticks, 2019.9, 2026.0, 60, "2023Q2")
    assert (2020.0 + 13 / 4, "2023Q2") in chosen
    columns = [(x - 2019.9) / 6.1 * 60 for x, _ in chosen]
    assert all(b - a >= 7 for a, b in itertools.pairwise(columns))
    assert len(chosen) >= 5
