"""The API's JSON bodies, read by DRF's parser within the bounds of payesh.inputs: nested at most
limits.JSON_DEPTH_MAX levels (deeper was a RecursionError, a 500), and no NUL character in a
string or a name (PostgreSQL stores none)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

from payesh import inputs

from .errors import Invalid


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(inputs.too_deep_message(), code="too_deep") from None
        try:
            inputs.check_json(data)
        except inputs.Refused as refused:
            if refused.code == "too_deep":
                raise exceptions.ParseError(refused.message, code="too_deep") from None
            raise Invalid(_("Some values were not accepted; see fields."), {refused.where: [str(refused.message)]}) from None
        return data
