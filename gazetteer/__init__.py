"""Syrian gazetteer: resolve place names of Arabic and English news, offline, using the article's context.

    from gazetteer import Gazetteer
    gaz = Gazetteer.load()
    gaz.lookup("Kinsabba"); gaz.geoparse(text); gaz.admin_for(36.85, 40.07)
"""
from .core import Gazetteer, Governorate
from .models import Admin, Candidate, GazetteerDataMissing, Mention

__all__ = ["Gazetteer", "Governorate", "Admin", "Candidate", "Mention", "GazetteerDataMissing"]
