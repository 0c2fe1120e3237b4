"""Working-day calendar (工作日历): the editable table of holidays and make-up working days."""
