"""Names in the page's language. Reference data carries a Persian and an English name
(`name_fa`/`name_en`, `county_fa`/`county_en`, `unit_fa`/`unit_en`); Persian pages show the
Persian, English pages the English where one is given, else the Persian."""

from collections.abc import Mapping

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header


def accepted_language(request):
    """The first of our languages in the request's Accept-Language, else Persian: how the API
    (a client without the pages' language switch) chooses."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500]
    ours = dict(settings.LANGUAGES)
    for tag, _quality in parse_accept_lang_header(header):
        if tag.split("-")[0].lower() in ours:
            return tag.split("-")[0].lower()
    return settings.LANGUAGE_CODE


def is_persian():
    return (get_language() or "fa").startswith("fa")


def local_name(obj, field="name"):
    """`obj`'s `field` in the active language: a model instance, or a row of `.values()` (then
    `field` may be a lookup such as "center__county")."""
    if obj is None:
        return ""
    get = obj.get if isinstance(obj, Mapping) else lambda name, default=None: getattr(obj, name, default)
    persian = get(f"{field}_fa") or ""
    if is_persian():
        return persian
    return get(f"{field}_en") or persian


class LocalNameChoiceField(forms.ModelChoiceField):
    """A choice of centers, sectors, areas, measures or provinces, named in the page's language."""

    def label_from_instance(self, obj):
        return local_name(obj)


def in_every_language(text):
    """A translatable text (a lazy one, or a gettext_noop'ed message) as each of the site's
    languages says it: how a workbook written in the reader's language is read back whatever
    language it was written in."""
    from django.utils import translation

    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(translation.gettext(text) if isinstance(text, str) else str(text))
    return found
