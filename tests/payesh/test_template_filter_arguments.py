"""No template gives a filter a variable as its argument.

Django resolves a filter's argument strictly: where `{{ center.head.username }}` prints nothing
for a center without a head, `{{ x|default:center.head.username }}` raises VariableDoesNotExist
and the page answers 500 (the centers list did, for every role, as soon as one active center had
no head). So a filter takes what it needs from its input (`{{ center.head|person }}`,
`{{ table|page_numbers }}`) and only literals as arguments ("—", 2, _("...")).

The check reads every template of the project with Django's own lexer and its filter grammar
(`filter_re`, what FilterExpression parses), in variables and in every tag (`{% if %}`,
`{% with %}`, `{% blocktranslate with %}`, `{% url %}`...), so a new template is covered without
touching this file.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.base import Lexer, TokenType, Variable, filter_re, kwarg_re

# names every context holds (django.template.context.BaseContext.builtins): they always resolve
ALWAYS_DEFINED = {"True", "False", "None"}


def variable_arguments(source):
    """(line, "filter:argument") of every filter argument in the template source that is a
    variable lookup rather than a literal."""
    found = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.VAR:
            expressions = [token.contents]
        elif token.token_type == TokenType.BLOCK:
            expressions = [kwarg_re.match(bit).group(2) for bit in token.split_contents()[1:]]
        else:
            continue
        for expression in expressions:
            for match in filter_re.finditer(expression):
                argument = match["var_arg"]
                if argument and argument not in ALWAYS_DEFINED and Variable(argument).lookups is not None:
                    found.append((token.lineno, f"{match['filter_name']}:{argument}"))
    return found


def project_templates():
    """Every file in the project's template folders (templates/ and each app's templates/),
    not those of Django or the libraries."""
    root = Path(settings.BASE_DIR).resolve()
    folders = {Path(d).resolve() for d in engines["django"].template_dirs}
    ours = [d for d in folders if d.is_relative_to(root) and ".venv" not in d.relative_to(root).parts]
    return sorted(p for d in ours for p in d.rglob("*") if p.is_file())


def test_no_template_passes_a_variable_to_a_filter():
    templates = project_templates()
    names = {p.relative_to(Path(settings.BASE_DIR).resolve()).as_posix() for p in templates}
    assert {"dashboards/templates/dashboards/centers.html", "templates/base.html",
            "templates/registration/password_reset_email.html"} <= names
    found = [f"{p.relative_to(settings.BASE_DIR)}:{line}: |{argument}"
             for p in templates for line, argument in variable_arguments(p.read_text(encoding="utf-8"))]
    assert found == [], ("a filter argument that is a lookup raises when it cannot be found (500); "
                         "give the filter the object instead, e.g. {{ center.head|person }}:\n" + "\n".join(found))


@pytest.mark.parametrize("source, found", [
    ('{{ center.head.get_full_name|default:center.head.username }}', [(1, "default:center.head.username")]),
    ('<p>\n{{ x|default:name }}</p>', [(2, "default:name")]),
    ('{% if a|default:b.c %}{% endif %}', [(1, "default:b.c")]),
    ('{% with name=a|default:b.c %}{% endwith %}', [(1, "default:b.c")]),
    ('{% blocktranslate with name=p.first|default:p.last %}{{ name }}{% endblocktranslate %}', [(1, "default:p.last")]),
    ('{% for p in t.page|table_page_range:t.paginator %}{% endfor %}', [(1, "table_page_range:t.paginator")]),
    ('{{ a | add:b }}', [(1, "add:b")]),
    ('{{ center.head|person }}', []),
    ('{{ x|default:"—" }} {{ y|floatformat:2 }} {{ z|default:_("a|b:c") }} {{ n|add:-1 }}', []),
    ('{{ flag|default:False }} {% url "x" a.b %} {% translate "a|b:c" %}', []),
    ('{# {{ a|default:b.c }} #}{% verbatim %}{{ a|default:b.c }}{% endverbatim %}', []),
])
def test_the_check_finds_variable_arguments_in_variables_and_tags(source, found):
    assert variable_arguments(source) == found


def test_a_variable_argument_that_cannot_be_found_raises_where_the_same_lookup_prints_nothing():
    """Why the rule: Django's own behaviour, which the check stands in for."""
    from django.template import Context, Template
    from django.template.base import VariableDoesNotExist

    assert Template("[{{ center.head.username }}]").render(Context({"center": {"head": None}})) == "[]"
    with pytest.raises(VariableDoesNotExist):
        Template('{{ x|default:center.head.username }}').render(Context({"center": {"head": None}}))
