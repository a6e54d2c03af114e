"""The image's static files storage for the image test (tests/test_image.py): the production
storage (WhiteNoise's hashed names and manifest) with only the compression the test checks, gzip
of the stylesheets; brotli and the scripts, fonts and source maps (most of collectstatic's time)
are left out."""

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StylesheetsGzipped(CompressedManifestStaticFilesStorage):
    def compress_files(self, paths):
        yield from super().compress_files([path for path in paths if path.endswith(".css")])

    def create_compressor(self, **kwargs):
        return Compressor(use_brotli=False, **kwargs)
