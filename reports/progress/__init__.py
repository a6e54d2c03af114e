"""The progress engine: the one place the dashboards', the minutes' and the API's numbers are
computed. The rules it keeps are stated in docs/design.md ("Progress: one engine", "Years of
record"); each module here holds one part of it:

- line.py: the rules of one line (target, expected, actual, achievement, pace, projection,
  status and its words, rank);
- selection.py: what a page asks for (year, as-of month, measure, filters, scope);
- statements.py: the grouped statements every number comes from, and actual to date;
- centers.py: the centers a board lists;
- boards.py, center_board.py, focus.py, reporting_grid.py, years.py: the read models the pages,
  exports and API show.
"""
