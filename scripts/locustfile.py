"""The load mix of scripts/loadtest: the directorate reading dashboards, heads saving months.

Think times: 3-10 s between a reader's clicks, 5-15 s between a head's saves (scaled by THINK:
THINK=0.25 makes every pause a quarter as long, to find how much one app server carries).
Weights: director and staff read the province dashboard (with other months and filters), center
dashboards, the reporting page and exports; center heads open their month and save it. A save
refused because someone else saved first (409) is a correct answer, not an error.

The statistics start afresh once every user has logged in (each login costs a deliberate ~0.5 s of
password hashing, which would otherwise fill the 99th percentiles); RESET_STATS=0 keeps the logins.
"""

import logging
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("DEMO_PASSWORD", "payesh-demo")
THINK = float(os.environ.get("THINK", "1"))
CENTERS = os.environ.get("LOAD_CENTERS", "TBZ1,TBZ2,TBZW,MRG1,MRGW,MRD1,MRDW,MNH,AHR,BNB,MLK,AJB,AZS,SHB,OSK,JLF,KLB,HST,BST,HRS,KHA,HRD,SRB,VRZ").split(",")
# A country (scripts/loadtest with PROVINCES=N): "code:CENTER,CENTER;code:..." of every province
# after the first (East Azerbaijan, whose people log in as director, staff): each reader and head
# works in one province, and national readers read the national view.
COUNTRY = [(code, centers.split(",")) for code, centers in
           (part.split(":") for part in os.environ.get("LOAD_COUNTRY", "").split(";") if part)]
# the last complete month (dashboards) and the current month (which heads save as drafts)
YEAR, MONTH = int(os.environ.get("LOAD_YEAR", "1405")), int(os.environ.get("LOAD_MONTH", "8"))
SAVE_YEAR, SAVE_MONTH = int(os.environ.get("LOAD_SAVE_YEAR", "1405")), int(os.environ.get("LOAD_SAVE_MONTH", "9"))
RESET_STATS = os.environ.get("RESET_STATS", "1") != "0"


class Signed(HttpUser):
    abstract = True
    username = None
    logged_in = 0  # users of every kind that have finished on_start

    def on_start(self):
        try:
            self.client.get("/accounts/login/", name="login")
            token = self.client.cookies.get("csrftoken", "")
            self.client.post("/accounts/login/", {"username": self.who(), "password": PASSWORD, "csrfmiddlewaretoken": token},
                             headers={"Referer": self.host + "/accounts/login/"}, name="login", allow_redirects=False)
        finally:
            Signed.logged_in += 1
            if RESET_STATS and Signed.logged_in == self.environment.runner.target_user_count:
                self.environment.stats.reset_all()
                logging.info("all %d users have logged in: statistics reset", Signed.logged_in)

    def who(self):
        return self.username


def province_of_user():
    """(login suffix, the province's centers): East Azerbaijan's, or one of the country's."""
    choice = random.randrange(len(COUNTRY) + 1)
    return ("", CENTERS) if choice == 0 else (f"-{COUNTRY[choice - 1][0]}", COUNTRY[choice - 1][1])


class Director(Signed):
    weight = 2
    wait_time = between(3 * THINK, 10 * THINK)  # reads the page before the next click
    username = "director"

    def who(self):
        suffix, self.centers = province_of_user()
        return self.username + suffix

    @task(4)
    def province(self):
        self.client.get("/", name="dashboard: province")

    @task(2)
    def province_filtered(self):
        self.client.get(f"/dashboard/?year={YEAR}&month={random.randint(1, MONTH)}&area=rural_nomadic",
                        name="dashboard: province, other month and area")

    @task(3)
    def center(self):
        self.client.get(f"/dashboard/center/{random.choice(self.centers)}/", name="dashboard: center")

    @task(1)
    def reporting(self):
        self.client.get("/dashboard/reporting/", name="dashboard: reporting")


class Staff(Director):
    weight = 1
    username = "staff"

    @task(1)
    def export(self):
        self.client.get("/dashboard/export.xlsx", name="dashboard: export xlsx")


class National(Signed):
    """A national planner or observer: the national view, its reporting and focus pages (paged)."""

    weight = 1 if COUNTRY else 0
    wait_time = between(3 * THINK, 10 * THINK)

    def who(self):
        return random.choice(["national", "observer"])

    @task(4)
    def national(self):
        self.client.get("/dashboard/?province=all", name="dashboard: national")

    @task(1)
    def national_reporting(self):
        self.client.get("/dashboard/reporting/?province=all", name="dashboard: national reporting")

    @task(1)
    def national_focus(self):
        self.client.get("/dashboard/focus/?province=all", name="dashboard: national focus")


def number(text):
    """A number as the page shows it (Persian digits, separators) as an int; 0 for none."""
    digits = text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")).replace("٬", "").replace(",", "").strip()
    return int(digits) if digits.isdigit() else 0


class Head(Signed):
    weight = 2
    wait_time = between(5 * THINK, 15 * THINK)  # types a month's figures between saves

    def who(self):
        self.code = random.choice(province_of_user()[1])
        return f"head-{self.code.lower()}"

    @task(2)
    def months(self):
        self.client.get(f"/reports/centers/{self.code}/", name="entry: months")

    @task(3)
    def save_month(self):
        path = f"/reports/centers/{self.code}/{SAVE_YEAR}/{SAVE_MONTH}/"
        page = self.client.get(path, name="entry: month page")
        form = page.text[page.text.find('id="entry-form"'):]
        version = re.search(r'name="version" value="(\d+)"', form)
        if not version:
            return
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), "version": version.group(1), "save": "1"}
        # as a head types a month: each row near its month's target, the whole month by one factor,
        # so the figures keep the ratios the validation rules ask of them; a comment on each row
        # confirms any warning (an outlier against the center's history)
        factor = random.uniform(0.85, 1.15)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", form, flags=re.S):
            field = re.search(r'name="(value_\d+)"', row)
            target = re.search(r'class="num" data-label="[^"]*">([^<]*)</td>', row)
            if field and target:
                data[field.group(1)] = str(round(number(target.group(1)) * factor))
                data[field.group(1).replace("value_", "comment_")] = "load test"
        with self.client.post(path, data, headers={"Referer": self.host + path}, name="entry: save month",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code in (302, 409):
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
