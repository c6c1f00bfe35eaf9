"""Template context for every page: the user's access (role, organisation), so the menu shows what they may use."""

from inburgering.store.access import toegang


def rol(request) -> dict:
    user = getattr(request, "user", None)
    return {"toegang": toegang(user) if user is not None and user.is_authenticated else None}
