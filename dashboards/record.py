"""The years on the dashboards: year over year and the years of record (reports/progress/years.py computes
them), with a chart of the years' cumulative curves built by the same helpers as every chart."""

from django.template.loader import render_to_string
from django.urls import reverse
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


def years_tables(request, selection, centers=(), center=None, cb=None):
    """The years of a province (with its `centers`), of a center (from its board `cb`) or of the
    country (the national view, each province's row with its `centers` added up), and the rows
    of their two tables in the order the page shows them: (found, comparisons, records).
    comparisons: (group heading or None, label, link or None, Comparison); records: (label, link
    or None, Record). The page and its workbook read the same rows."""
    query = request.GET.urlencode()
    if center is not None:
        found, name = years.center_years(selection, cb), local_name(center)
    elif selection.province is None:
        found, name = years.national_years(selection, centers), _("All provinces")
    else:
        found, name = years.province_years(selection, centers), local_name(selection.province)
    center_url = lambda ref: f"{reverse('dashboards:center', args=[ref.code])}?{query}"  # noqa: E731
    province_query = request.GET.copy()
    province_url = lambda p: f"{reverse('dashboards:years')}?{_with_province(province_query, p)}"  # noqa: E731
    members = [(center_url(ref), c, record) for ref, c, record in found.centers]
    members += [(province_url(p), c, record) for p, c, record in found.provinces]
    groups = [(_("By sector"), [(None, c) for c in found.by_sector]), (_("By training area"), [(None, c) for c in found.by_area]),
              (_("By province") if found.provinces else _("By center"), [(url, c) for url, c, _record in members])]
    comparisons = [(None, name, None, found.total)]
    for heading, rows in groups:
        comparisons += [(heading if i == 0 else None, c.label, url, c) for i, (url, c) in enumerate(rows)]
    records = [(name, None, found.record)] + [(c.label, url, record) for url, c, record in members]
    return found, comparisons, records


def years_html(request, selection, centers=(), center=None, cb=None):
    """The comparison, the record and the chart of the years, as HTML (the pages cache it with
    their other numbers): a province's with its `centers`, a center's from its board `cb`, or the
    country's (the national view) with each province's, its `centers` added up."""
    found, comparisons, records = years_tables(request, selection, centers, center, cb)
    chart = charts.chart("years", _("Cumulative achievement, year by year"), curves(found))
    query = request.GET.urlencode()
    return render_to_string("dashboards/_years.html", {
        "found": found, "chart": chart, "comparisons": comparisons, "records": records, "query": query,
    }, request)


def _with_province(query, province):
    query["province"] = province.pk
    return query.urlencode()
