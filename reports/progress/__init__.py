"""The progress engine: the one place the dashboards', the minutes' and the API's numbers are
computed. The rules it keeps are stated in docs/design.md ("Progress: one engine", "Years of
record"); each module here holds one part of it:

- line.py: the rules of one line (target, expected, actual, achievement, pace, projection,
  status and its words, rank);
- selection.py: what a page asks for (year, as-of month, measure, filters, scope);
- as_of.py: what "as of" a month means today (which months are due, the running month so far,
  the default month, the months a board may be asked as of) and the words for it;
- statements.py: the grouped statements every number comes from (targets with what is not due
  yet, actuals inside and outside the commitments), and actual to date;
- centers.py: the centers a board lists;
- boards.py, center_board.py, focus.py, reporting_grid.py, years.py: the read models the pages,
  exports and API show.
"""
