"""The API's JSON bodies, read by DRF's parser within the bounds of payesh.inputs: nested at most
limits.JSON_DEPTH_MAX levels (deeper was a RecursionError, a 500), and no NUL character in a
string or a name (PostgreSQL stores none)."""

import io

from rest_framework import exceptions, parsers

from payesh import inputs


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(inputs.too_deep_message(), code="too_deep") from None
        try:
            inputs.check_json(data, strings=inputs.may_hold_nul(body))
        except inputs.Refused as refused:
            if refused.code == "too_deep":
                raise exceptions.ParseError(refused.message, code="too_deep") from None
            # the error shape's "invalid", naming the value (api/errors.py; not imported: DRF's views read this module)
            raise exceptions.ValidationError({refused.where: [str(refused.message)]}) from None
        return data
