"""Template context for every page: the user's access (role, organisation), so the menu shows what they may use."""

from inburgering.exchange.models.feeds import mag_leveringen_zien
from inburgering.store.access import toegang


def rol(request) -> dict:
    user = getattr(request, "user", None)
    t = toegang(user) if user is not None and user.is_authenticated else None
    return {"toegang": t, "levert": t is not None and mag_leveringen_zien(t)}
