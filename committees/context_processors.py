from committees import access


def navigation(request):
    """The user's townships and system roles, for the navigation of the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_townships": access.townships_for_user(user),
        "nav_system_roles": access.system_roles(user),
    }
