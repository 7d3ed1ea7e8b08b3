"""The event extractor: article text -> ACLED-style events (see events.extract.pipeline)."""
from events.extract.errors import ExtractionError
from events.extract.merge import merge
from events.extract.pipeline import extract, extract_many

__all__ = ["extract", "extract_many", "merge", "ExtractionError"]
