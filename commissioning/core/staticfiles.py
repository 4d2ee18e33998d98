"""The static files storage for production: WhiteNoise's compressed files with content hashes in their names."""

from django.conf import settings
from whitenoise.compress import Compressor, brotli_installed
from whitenoise.storage import CompressedManifestStaticFilesStorage

if brotli_installed:
    import brotli

# GOV.UK Frontend's stylesheet refers to these, for styles the product does not use (the footer's crest above
# the Crown copyright line). The product carries the partnership's branding, never the crown, so they are not
# shipped; every other missing file still stops collectstatic.
NOT_SHIPPED = frozenset({"assets/images/govuk-crest.svg"})

# Brotli's quality 9 makes files about 9% larger than its slowest setting (11) and is twenty times quicker: the
# API documentation's scripts alone took minutes to compress at 11.
BROTLI_QUALITY = 9


class QuickerCompressor(Compressor):
    @staticmethod
    def compress_brotli(data):
        return brotli.compress(data, quality=BROTLI_QUALITY)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return QuickerCompressor(**kwargs)

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            url = matchobj.group("url")
            if url.removeprefix(settings.STATIC_URL) in NOT_SHIPPED:
                return matchobj.group("matched")
            return convert(matchobj)

        return converter
