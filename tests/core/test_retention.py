"""The backup retention rule, checked against examples worked out by hand on a calendar."""

from __future__ import annotations

from datetime import date, timedelta

from sciatica_timer.core.retention import backups_to_keep


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_nothing_to_keep_without_backups() -> None:
    assert backups_to_keep([], date(2024, 1, 10)) == set()


def test_ten_days_in_january_keep_the_last_seven() -> None:
    # 1 January 2024 is a Monday. Daily: the 7 newest, 4–10 Jan. Weekly: week 2 -> 10 Jan, week 1 -> 7 Jan.
    # Monthly: January -> 10 Jan. All inside the daily seven, so 1, 2 and 3 January go.
    kept = backups_to_keep(days(date(2024, 1, 1), date(2024, 1, 10)), date(2024, 1, 10))
    assert kept == set(days(date(2024, 1, 4), date(2024, 1, 10)))


def test_a_whole_year_of_daily_backups() -> None:
    # Today is Tuesday 31 December 2024, which is in ISO week 1 of 2025 (it starts Monday 30 December).
    # Daily: 25–31 Dec. Weekly, 4 newest weeks: 2025-W01 -> 31 Dec, 2024-W52 -> 29 Dec, W51 -> 22 Dec,
    # W50 -> 15 Dec. Monthly, 12 newest months: the last day of each month of 2024 (29 Feb: leap year).
    kept = backups_to_keep(days(date(2024, 1, 1), date(2024, 12, 31)), date(2024, 12, 31))
    month_ends = {
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
        date(2024, 6, 30),
        date(2024, 7, 31),
        date(2024, 8, 31),
        date(2024, 9, 30),
        date(2024, 10, 31),
        date(2024, 11, 30),
        date(2024, 12, 31),
    }
    weekly = {date(2024, 12, 31), date(2024, 12, 29), date(2024, 12, 22), date(2024, 12, 15)}
    daily = set(days(date(2024, 12, 25), date(2024, 12, 31)))
    assert kept == month_ends | weekly | daily
    assert len(kept) == 20


def test_counted_in_backups_not_calendar_days() -> None:
    # Months away from the computer: the three backups there are stay, however old.
    dates = [date(2024, 3, 1), date(2024, 5, 20), date(2024, 5, 21)]
    assert backups_to_keep(dates, date(2024, 8, 1)) == set(dates)


def test_monthly_backups_beyond_twelve_months_go() -> None:
    # One backup on the 1st of each month, January 2023 to February 2024 (14 of them), today 15 Feb 2024.
    # Daily keeps the 7 newest (Aug 2023 – Feb 2024), weekly 4 of those, monthly the 12 newest months
    # (March 2023 – February 2024). January and February 2023 go.
    dates = [date(2023 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 15)]
    assert dates[0] == date(2023, 1, 1)
    assert dates[-1] == date(2024, 2, 1)
    kept = backups_to_keep(dates, date(2024, 2, 15))
    assert kept == set(dates[2:])


def test_a_backup_dated_after_today_is_kept_and_not_counted() -> None:
    # The clock was once set to 2030. That backup stays, and the seven daily ones are still seven.
    dates = [*days(date(2024, 1, 1), date(2024, 1, 10)), date(2030, 1, 1)]
    kept = backups_to_keep(dates, date(2024, 1, 10))
    assert kept == {date(2030, 1, 1), *days(date(2024, 1, 4), date(2024, 1, 10))}


def test_repeated_dates_count_once() -> None:
    dates = days(date(2024, 1, 1), date(2024, 1, 10)) * 2
    assert backups_to_keep(dates, date(2024, 1, 10)) == set(days(date(2024, 1, 4), date(2024, 1, 10)))


def test_two_weekly_backups_of_one_month() -> None:
    # Backups every Sunday of March 2024 (3, 10, 17, 24, 31), today 31 March, with only 2 daily kept:
    # daily 31 and 24; weekly (4 weeks) 31, 24, 17, 10; monthly March -> 31. So 3 March goes.
    sundays = [date(2024, 3, d) for d in (3, 10, 17, 24, 31)]
    kept = backups_to_keep(sundays, date(2024, 3, 31), daily=2)
    assert kept == set(sundays[1:])
