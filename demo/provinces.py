"""The demo's other provinces (`seed_demo --provinces N`): after East Azerbaijan, the country's
other provinces in order, each with generated centers in its capital (plausible names: "مرکز
شماره ۳ شیراز", every fifth a women's center), a director, planner and staff (director-<province
code>, ...), a head for each center, and commitments and monthly reports for as many years as
asked, from the same rules as the demo province's (demo/builder.py). Deterministic and
idempotent, as the builder: what exists is kept."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from accounts import services as accounts_services
from centers.models import Center, Province
from payesh import jalali

# code, Persian name, English name, center code prefix, capital (Persian, English)
OTHER_PROVINCES = [
    ("tehran", "تهران", "Tehran", "THR", "تهران", "Tehran"),
    ("isfahan", "اصفهان", "Isfahan", "ISF", "اصفهان", "Isfahan"),
    ("fars", "فارس", "Fars", "FRS", "شیراز", "Shiraz"),
    ("khorasan-razavi", "خراسان رضوی", "Razavi Khorasan", "KHR", "مشهد", "Mashhad"),
    ("khuzestan", "خوزستان", "Khuzestan", "KHZ", "اهواز", "Ahvaz"),
    ("mazandaran", "مازندران", "Mazandaran", "MZN", "ساری", "Sari"),
    ("gilan", "گیلان", "Gilan", "GIL", "رشت", "Rasht"),
    ("kerman", "کرمان", "Kerman", "KRM", "کرمان", "Kerman"),
    ("west-azarbaijan", "آذربایجان غربی", "West Azerbaijan", "WAZ", "ارومیه", "Urmia"),
    ("kermanshah", "کرمانشاه", "Kermanshah", "KSH", "کرمانشاه", "Kermanshah"),
    ("sistan-baluchestan", "سیستان و بلوچستان", "Sistan and Baluchestan", "SBL", "زاهدان", "Zahedan"),
    ("hamadan", "همدان", "Hamadan", "HMD", "همدان", "Hamadan"),
    ("lorestan", "لرستان", "Lorestan", "LRS", "خرم‌آباد", "Khorramabad"),
    ("kurdistan", "کردستان", "Kurdistan", "KRD", "سنندج", "Sanandaj"),
    ("golestan", "گلستان", "Golestan", "GLS", "گرگان", "Gorgan"),
    ("markazi", "مرکزی", "Markazi", "MRK", "اراک", "Arak"),
    ("ardabil", "اردبیل", "Ardabil", "ARD", "اردبیل", "Ardabil"),
    ("yazd", "یزد", "Yazd", "YZD", "یزد", "Yazd"),
    ("qazvin", "قزوین", "Qazvin", "QZV", "قزوین", "Qazvin"),
    ("zanjan", "زنجان", "Zanjan", "ZNJ", "زنجان", "Zanjan"),
    ("hormozgan", "هرمزگان", "Hormozgan", "HRM", "بندرعباس", "Bandar Abbas"),
    ("alborz", "البرز", "Alborz", "ALB", "کرج", "Karaj"),
    ("qom", "قم", "Qom", "QOM", "قم", "Qom"),
    ("bushehr", "بوشهر", "Bushehr", "BSH", "بوشهر", "Bushehr"),
    ("north-khorasan", "خراسان شمالی", "North Khorasan", "NKH", "بجنورد", "Bojnurd"),
    ("south-khorasan", "خراسان جنوبی", "South Khorasan", "SKH", "بیرجند", "Birjand"),
    ("chaharmahal", "چهارمحال و بختیاری", "Chaharmahal and Bakhtiari", "CHB", "شهرکرد", "Shahrekord"),
    ("kohgiluyeh", "کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad", "KBA", "یاسوج", "Yasuj"),
    ("semnan", "سمنان", "Semnan", "SMN", "سمنان", "Semnan"),
    ("ilam", "ایلام", "Ilam", "ILM", "ایلام", "Ilam"),
]
MAX_PROVINCES = 1 + len(OTHER_PROVINCES)  # East Azerbaijan first
PROVINCE_PEOPLE = [  # username prefix, first and last name, role, is_staff
    ("director", "مدیرکل", "استان {}", roles.DIRECTOR, True),
    ("planner", "کارشناس", "برنامه‌ریزی {}", roles.PLANNER, True),
    ("staff", "دبیرخانه", "پایش {}", roles.STAFF, False),
]


def build_province(code, name_fa, name_en, prefix, capital_fa, capital_en, count):
    """The province and its `count` centers (those already there kept as they are)."""
    province, _ = Province.objects.update_or_create(code=code, defaults={"name_fa": name_fa, "name_en": name_en})
    existing = set(Center.objects.filter(province=province).values_list("code", flat=True))
    new = []
    for i in range(1, count + 1):
        center_code = f"{prefix}{i:02d}"
        if center_code in existing:
            continue
        women = i % 5 == 0
        n = jalali.to_persian_digits(i)
        new.append(Center(
            province=province, code=center_code, county_fa=capital_fa, county_en=capital_en,
            kind="women" if women else "mixed",
            name_fa=f"مرکز شماره {n} {capital_fa}" + (" (خواهران)" if women else ""),
            name_en=f"{capital_en} Center No. {i}" + (" (women)" if women else ""),
        ))
    Center.objects.bulk_create(new)
    centers = list(Center.objects.filter(province=province, code__startswith=prefix).order_by("code")[:count])
    return province, centers


def build_people(builder, province, centers, since):
    """The province's director, planner and staff, and a head for each center, with the demo
    password (hashed once for them all: builder.hashed_password); roles and
    headships given through the services, as on the people pages."""
    User = get_user_model()
    hashed = builder.hashed_password
    taken = {name.lower() for name in User.objects.filter(username__in=[
        *(f"{who}-{province.code}" for who, *_ in PROVINCE_PEOPLE),
        *(f"head-{c.code.lower()}" for c in centers)]).values_list("username", flat=True)}
    for who, first, last, role, is_staff in PROVINCE_PEOPLE:
        username = f"{who}-{province.code}"
        if username in taken:
            builder.kept_logins.append(username)
            continue
        user = User.objects.create(username=username, first_name=first, last_name=last.format(province.name_fa),
                                   is_staff=is_staff, password=hashed)
        builder.created_logins.append(username)
        accounts_services.give_role(None, user, role, province, at=since)
    heads = [User(username=f"head-{c.code.lower()}", first_name="رئیس", last_name=c.name_fa, password=hashed)
             for c in centers if f"head-{c.code.lower()}" not in taken]
    User.objects.bulk_create(heads)
    builder.created_logins += [h.username for h in heads]
    made = {u.username: u for u in User.objects.filter(username__in=[h.username for h in heads])}
    group = Group.objects.get_or_create(name=roles.CENTER_HEAD)[0]
    group.user_set.add(*made.values())
    for center in centers:
        head = made.get(f"head-{center.code.lower()}")
        if head is not None and center.head_id is None:
            accounts_services.set_head(center, head, at=since)


def build_other_provinces(builder, count, centers_each, years):
    """Provinces 2..count of the country (East Azerbaijan is the first), each with
    `centers_each` centers and `years` years of commitments and reports ending with this one."""
    plan = builder.plan
    year_list = list(range(plan.year - years + 1, plan.year + 1))
    since = datetime.datetime.combine(jalali.first_day(year_list[0], 1), datetime.time(), jalali.TEHRAN)
    for index, row in enumerate(OTHER_PROVINCES[:count - 1], start=2):
        builder.say(f"province {index} of {count}: {row[2]} ({centers_each} centers, {len(year_list)} year(s))")
        with transaction.atomic():
            province, centers = build_province(*row, centers_each)
            build_people(builder, province, centers, since)
        reviewer = get_user_model().objects.get(username=f"planner-{province.code}")
        sized = [(c, 0.6 + (i % 9) / 10) for i, c in enumerate(centers)]
        with transaction.atomic():
            for year in year_list:
                builder.build_commitments(sized, year, full_codes={c.code for c in centers})
                last = plan.last_month if year == plan.year else 12
                builder.build_reports(year, last, [(c, 0.75 + (c.pk % 11) * 0.05) for c in centers], reviewer)
            builder.build_province_totals(province, plan.year)
