"""The annual-cycle calendar: every activity's step due dates month by month, on screen and as iCalendar."""
