"""Helpers for the tests of changes seen before they are made (payesh/batches.py): preview a
change as a page does, then confirm it with a reason, as a person does."""

import re

PREVIEWED = re.compile(r'name="previewed" value="([0-9a-f]+)"')


def previewed(response):
    """The fingerprint the preview page carries to its confirmation."""
    found = PREVIEWED.search(response.content.decode())
    assert found, "the page shows no preview to confirm"
    return found.group(1)


def preview_and_confirm(client, url, data, reason="تصمیم جلسه برنامه‌ریزی"):
    """Post the form's choices with "preview", then the same choices with "apply", the reason and
    the preview's fingerprint (following the redirect). Returns (preview, confirmation)."""
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    confirmation = client.post(url, {**data, "apply": "1", "reason": reason, "previewed": previewed(preview)}, follow=True)
    return preview, confirmation
