"""The site serves plotly.js's cartesian bundle (a third of the full one): every trace type a chart
of the site draws must be one the bundle registers, or that chart would stay empty."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]
CHART_SOURCES = [ROOT / "dashboards" / "charts.py", ROOT / "payesh" / "charts.py",
                 *ROOT.glob("*/static/**/*.js")]
TYPE = re.compile(r"""["']?\btype["']?\s*:\s*["'](\w+)["']""")
AXIS_TYPES = {"linear", "log", "date", "category", "multicategory"}  # "type" of an axis, not a trace


def registered_traces():
    bundle = Path(finders.find("vendor/plotly-cartesian.min.js")).read_text(encoding="utf-8")
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle))


def test_every_trace_type_the_charts_draw_is_in_the_served_bundle():
    used = {t for source in CHART_SOURCES for t in TYPE.findall(source.read_text(encoding="utf-8"))} - AXIS_TYPES
    assert {"bar", "scatter", "heatmap"} <= used  # the scan still finds the charts' traces
    assert used <= registered_traces(), f"not in the bundle: {used - registered_traces()}"


def test_the_pages_load_the_bundle_from_the_sites_static_files(client, people):
    client.force_login(people.director)
    body = client.get("/dashboard/").content.decode()
    assert "/static/vendor/plotly-cartesian.min.js" in body and "plotly.min.js" not in body
    # and right after it the site's configuration, which keeps plotly from naming outside hosts
    assert body.index("/static/js/plotly-config.js") > body.index("/static/vendor/plotly-cartesian.min.js")


# What the served bundle may still name: XML namespaces, the licence notices of libraries it
# bundles, and links in the text of its error messages and attribute descriptions. Nothing plotly
# fetches, sends to or links a reader to (scripts/vendor-plotly replaces those defaults).
NAMED_NOT_REACHED = {
    "http://www.w3.org/1999/xhtml", "http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg",
    "http://www.w3.org/2000/xmlns/", "http://www.w3.org/XML/1998/namespace",
    "http://feross.org", "https://feross.org", "https://feross.org/opensource", "http://getify.mit-license.org",
    "http://syntheti.cc", "https://github.com/voidqk/polybooljs",
    "https://github.com/d3/d3-format/tree/v1.4.5#d3-format",
    "https://github.com/d3/d3-time-format/tree/v2.2.3#locale_format", "https://plotly.com/javascript/animations/",
}


def test_the_served_bundle_names_no_outside_host_it_would_reach():
    bundle = Path(finders.find("vendor/plotly-cartesian.min.js")).read_text(encoding="utf-8")
    named = set(re.findall(r"https?://[A-Za-z0-9./_#-]+", bundle))
    assert named - NAMED_NOT_REACHED == set()
    assert 'topojsonURL:{valType:"string",noBlank:!0,dflt:"/static/vendor/"}' in bundle
    assert 'plotlyServerURL:{valType:"string",dflt:""}' in bundle
