"""More settings on the profile page, added by other parts of Payesh (notification preferences,
API tokens...): each registers a link here from its AppConfig.ready, e.g.

    from accounts import sections
    sections.register("api_tokens", _("API tokens"), "api:tokens")

and the profile page lists the links its user may follow, in the order registered."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    visible: object = None  # a function of the user; None: everyone signed in


_SECTIONS = {}


def register(key, label, url_name, visible=None):
    _SECTIONS[key] = Section(key, label, url_name, visible)


def visible_to(user):
    """[(label, url)] of the sections this user may open."""
    links = []
    for section in _SECTIONS.values():
        if section.visible is not None and not section.visible(user):
            continue
        try:
            links.append((section.label, reverse(section.url_name)))
        except NoReverseMatch:  # the page is not installed in this deployment
            continue
    return links
