from datetime import date

from commissioning.cycle.timetable import current_cycle_year, cycle_year_label, step_due_date


def test_steps_are_due_at_the_end_of_their_quadrant():
    assert [step_due_date(n, 2026) for n in range(1, 10)] == [
        date(2026, 6, 30),
        date(2026, 6, 30),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 9, 30),
        date(2027, 3, 31),
        date(2027, 3, 31),
        date(2027, 3, 31),
        date(2027, 3, 31),
    ]


def test_cycle_year_starts_in_april():
    assert current_cycle_year(date(2027, 3, 31)) == 2026
    assert current_cycle_year(date(2027, 4, 1)) == 2027
    assert cycle_year_label(2026) == "2026/27"
    assert cycle_year_label(2099) == "2099/00"
