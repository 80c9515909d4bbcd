"""The Joint Calendar: events, the month and list pages, iCalendar files and personal feeds,
reminders."""
