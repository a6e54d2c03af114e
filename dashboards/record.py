"""The years on the dashboards: year over year and the years of record (reports/progress/years.py computes
them), with a chart of the years' cumulative curves built by the same helpers as every chart."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from payesh import charts
from payesh.display import digits, month_name
from payesh.display import percent as pct
from payesh.i18n import local_name
from reports.progress import years

YEAR_COLORS = ["#c9d6e3", "#9fb3c8", "#6f8fae", "#4a6f94", "#2f5577"]  # older years lighter


def _shares(found):
    """[(year, cumulative actual / target by month, cumulative expected / target by month)] of
    each year of the chart: this year's actual stops at its as-of month."""
    series = []
    for year, line in found.curves:
        points = line.cumulative()
        series.append((year, [a / line.target if line.target and a is not None else None for _e, a in points],
                       [e / line.target if line.target else None for e, _a in points]))
    return series


def _trace(name, values, line, mode="lines+markers"):
    return {"type": "scatter", "mode": mode, "x": [month_name(m) for m in range(1, 13)], "y": values, "name": name,
            "line": line, "text": [pct(v) for v in values], "hoverinfo": "x+text+name"}


def _traces(found, series):
    """Past years lighter the older they are; this year's phased target dotted, its actual bold."""
    past = [s for s in series if s[0] != found.year]
    colors = YEAR_COLORS[-len(past):] if past else []
    data = [_trace(digits(year), values, {"color": color, "width": 2}) for (year, values, _e), color in zip(past, colors)]
    this = next((s for s in series if s[0] == found.year), None)
    if this is not None:
        data.append(_trace(_("%(year)s phased target") % {"year": digits(found.year)}, this[2],
                           {"color": charts.COLORS["expected"], "dash": "dot"}, mode="lines"))
        data.append(_trace(digits(found.year), this[1], {"color": charts.COLORS["actual"], "width": 4}))
    return data


def curves(found):
    """Each year's cumulative actual as a share of that year's target, month by month (this year
    to its as-of month), with this year's phased target dotted."""
    month_names = [month_name(m) for m in range(1, 13)]
    series = _shares(found)
    top = max([v or 0 for _y, values, _e in series for v in values] + [1])
    data = _traces(found, series)
    past = sum(1 for year, _v, _e in series if year != found.year)  # the first traces, oldest first
    figure = {"data": data, "layout": charts.layout(
        360, margin={"l": 10, "r": 90, "t": 40, "b": 80}, xaxis=charts.month_axis(),
        yaxis=charts.category_axis(gridcolor="#e6e9ef", **charts.ticks(top, ratio=True)),
    ), "phone": {"hidden": list(range(max(0, past - 1)))}}  # a phone starts with last year and this year only
    headers = [_("Month"), *(digits(year) for year, _v, _e in series)]
    table = [[name, *(pct(values[m]) for _y, values, _e in series)] for m, name in enumerate(month_names)]
    return figure, headers, table, False


def years_tables(selection, centers=(), center=None, cb=None):
    """The years of a province (with its `centers`) or of a center (from its board `cb`), and the
    rows of their two tables in the order the page shows them: (found, comparisons, records).
    comparisons: (group heading or None, label, center code, Comparison); records: (label,
    center code, Record). The page and its workbook read the same rows."""
    found = years.center_years(selection, cb) if center is not None else years.province_years(selection, centers)
    name = local_name(center or selection.province)
    groups = [(_("By sector"), [(None, c) for c in found.by_sector]), (_("By training area"), [(None, c) for c in found.by_area]),
              (_("By center"), [(ref.code, c) for ref, c, _record in found.centers])]
    comparisons = [(None, name, None, found.total)]
    for heading, members in groups:
        comparisons += [(heading if i == 0 else None, c.label, code, c) for i, (code, c) in enumerate(members)]
    records = [(name, None, found.record)] + [(c.label, ref.code, record) for ref, c, record in found.centers]
    return found, comparisons, records


def years_html(request, selection, centers=(), center=None, cb=None):
    """The comparison, the record and the chart of the years, as HTML (the pages cache it with
    their other numbers): a province's with its `centers`, or a center's from its board `cb`.
    Empty for the national view: a province's own history is its record."""
    if center is None and selection.province is None:
        return ""
    found, comparisons, records = years_tables(selection, centers, center, cb)
    chart = charts.chart("years", _("Cumulative achievement, year by year"), curves(found))
    return render_to_string("dashboards/_years.html", {
        "found": found, "chart": chart, "comparisons": comparisons, "records": records, "query": request.GET.urlencode(),
    }, request)
