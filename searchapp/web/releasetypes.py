"""Release types as the interface names them, in its language (the values are canonical
English slugs: news-release, media-advisory, ...)."""
from __future__ import annotations

from flask_babel import gettext as _

from searchapp.search.resolve import canonical_type


def type_labels() -> dict[str, str]:
    """Each canonical release type's label in the interface language."""
    return {"news-release": _("News release"), "media-advisory": _("Media advisory"),
            "statement": _("Statement"), "speech": _("Speech"), "backgrounder": _("Backgrounder"),
            "invitation": _("Invitation")}


def type_label(value: str) -> str:
    """A release type's label ("media-advisory" -> "Avis aux médias" in French); unknown as given."""
    return type_labels().get(canonical_type(value) or value, value)
