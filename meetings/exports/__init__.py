"""Summary exports of a meeting: one content builder (content.py), one renderer per format."""

from .docx import render_docx
from .pdf import render_pdf
from .xlsx import render_xlsx

__all__ = ["render_docx", "render_pdf", "render_xlsx"]
