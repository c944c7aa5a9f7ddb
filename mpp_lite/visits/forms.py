"""The visit form: the single booking form's fields (queue/forms.py) plus its services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..catalog.forms import MultiCheckboxField
from ..queue.forms import BookingForm


class VisitForm(BookingForm):
    """Several services, one day, one person; the time windows are chosen by the app (the
    first with room, in the visit's order), so the inherited `window` is never shown."""

    # The services chosen in the first step (the GET form), carried as hidden inputs.
    services = MultiCheckboxField(_l("Layanan yang diurus"), choices=[], validate_choice=False)
