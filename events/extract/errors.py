"""The one error the extractor raises for input it cannot read."""


class ExtractionError(ValueError):
    """Input that is not an article: empty, binary, or with an unreadable publication date."""
