"""A small DHIS2 for tests: a stdlib HTTP server on a loopback port, in a thread, that takes
POST /api/dataValueSets and POST /api/completeDataSetRegistrations as DHIS2 2.40's Web API does
(docs.dhis2.org, "Data" and "Data sets" of the developer manual):

- a personal access token, "Authorization: ApiToken d2pat_...", or 401;
- identifiers read by UID unless an id scheme says otherwise (the query parameters idScheme,
  dataElementIdScheme, orgUnitIdScheme, categoryOptionComboIdScheme, dataSetIdScheme, then the same
  attributes of the payload); a UID is 11 characters, a letter then letters or digits;
- a period is yyyyMM; a value of these (integer, zero or positive) data elements a whole number;
- an unknown data element, organisation unit, category option combo or data set, a bad period or
  value is a conflict {"object", "value"} and the value is ignored; the rest are imported (new) or
  updated (already there);
- dryRun=true counts and stores nothing;
- the answer is the WebMessage holding the ImportSummary (HTTP 409 and status WARNING with
  conflicts), or with `legacy=True` the bare ImportSummary of 2.3x.
"""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
PERIOD = re.compile(r"^\d{4}(0[1-9]|1[0-2])$")
WHOLE = re.compile(r"^(0|[1-9]\d*)$")
KINDS = {"dataElement": "dataElementIdScheme", "orgUnit": "orgUnitIdScheme",
         "categoryOptionCombo": "categoryOptionComboIdScheme", "dataSet": "dataSetIdScheme"}


class FakeDhis2:
    def __init__(self, org_units, data_elements, combos, data_sets=None, token="d2pat_test0123456789", legacy=False):
        """Each of org_units, data_elements, combos, data_sets: {uid: code}."""
        self.objects = {"orgUnit": org_units, "dataElement": data_elements, "categoryOptionCombo": combos,
                        "dataSet": data_sets or {"PyshDataSet": "PAYESH"}}
        self.token, self.legacy = token, legacy
        self.values = {}  # (data element uid, org unit uid, combo uid, period) -> value
        self.complete = set()  # (data set uid, org unit uid, period)
        self.requests = []  # (path, query, payload)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                fake.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # shutdown() waits for the loop to look: every 10 ms, not the default half second a test
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # --- the Web API -------------------------------------------------------------------------

    def handle(self, request):
        url = urlparse(request.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if request.headers.get("Authorization") != f"ApiToken {self.token}":
            return self.answer(request, 401, {"httpStatus": "Unauthorized", "httpStatusCode": 401, "status": "ERROR",
                                              "message": "Unauthorized"})
        payload = json.loads(request.rfile.read(int(request.headers.get("Content-Length") or 0)) or b"{}")
        self.requests.append((url.path, query, payload))
        dry = query.get("dryRun") == "true"
        if url.path == "/api/dataValueSets":
            counts, conflicts = self.data_values(payload, query, dry)
        elif url.path == "/api/completeDataSetRegistrations":
            counts, conflicts = self.registrations(payload, query, dry)
        else:
            return self.answer(request, 404, {"httpStatus": "Not Found", "httpStatusCode": 404, "status": "ERROR"})
        summary = {"responseType": "ImportSummary", "status": "WARNING" if conflicts else "SUCCESS",
                   "importOptions": {"dryRun": dry}, "importCount": {**counts, "deleted": 0}, "conflicts": conflicts}
        if self.legacy:
            return self.answer(request, 200, summary)
        return self.answer(request, 409 if conflicts else 200, {
            "httpStatus": "Conflict" if conflicts else "OK", "httpStatusCode": 409 if conflicts else 200,
            "status": "WARNING" if conflicts else "OK",
            "message": "One more conflicts encountered, please check import summary." if conflicts else "Import was successful.",
            "response": summary})

    def answer(self, request, code, body):
        data = json.dumps(body).encode()
        request.send_response(code)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def resolve(self, kind, identifier, query, payload):
        """The UID an identifier names under the id scheme in force, or None."""
        scheme = (query.get(KINDS[kind]) or query.get("idScheme") or payload.get(KINDS[kind]) or payload.get("idScheme")
                  or "UID").upper()
        known = self.objects[kind]
        if scheme == "UID":
            return identifier if isinstance(identifier, str) and UID.match(identifier) and identifier in known else None
        if scheme == "CODE":
            return next((uid for uid, code in known.items() if code == identifier), None)
        return None

    def data_values(self, payload, query, dry):
        counts, conflicts = {"imported": 0, "updated": 0, "ignored": 0}, []
        for item in payload.get("dataValues", []):
            found = {kind: self.resolve(kind, item.get(kind), query, payload)
                     for kind in ("dataElement", "orgUnit", "categoryOptionCombo") if kind in item}
            problem = next(((item[kind], f"{kind} not found or not accessible") for kind, uid in found.items() if uid is None),
                           None)
            if problem is None and not PERIOD.match(str(item.get("period", ""))):
                problem = (str(item.get("period")), "Period not valid")
            if problem is None and not WHOLE.match(str(item.get("value", ""))):
                problem = (str(item.get("value")), "Value must be zero or positive integer")
            if problem:
                counts["ignored"] += 1
                conflicts.append({"object": problem[0], "value": problem[1]})
                continue
            key = (found["dataElement"], found["orgUnit"], found.get("categoryOptionCombo"), item["period"])
            counts["updated" if key in self.values else "imported"] += 1
            if not dry:
                self.values[key] = item["value"]
        return counts, conflicts

    def registrations(self, payload, query, dry):
        counts, conflicts = {"imported": 0, "updated": 0, "ignored": 0}, []
        for item in payload.get("completeDataSetRegistrations", []):
            data_set = self.resolve("dataSet", item.get("dataSet"), query, payload)
            unit = self.resolve("orgUnit", item.get("organisationUnit"), query, payload)
            if data_set is None or unit is None or not PERIOD.match(str(item.get("period", ""))):
                counts["ignored"] += 1
                conflicts.append({"object": str(item.get("organisationUnit")), "value": "Registration not valid"})
                continue
            key = (data_set, unit, item["period"])
            counts["updated" if key in self.complete else "imported"] += 1
            if not dry:
                self.complete.add(key)
        return counts, conflicts
