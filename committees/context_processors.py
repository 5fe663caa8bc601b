from committees import access

# Issue 17: a county's or a province's reviewer holds hundreds of townships; the layout
# lists a user's townships only up to this many (beyond, the county's pages list them),
# so that no page renders a link per township of a province.
NAV_TOWNSHIPS = 12


def navigation(request):
    """The user's townships and system roles, for the navigation of the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    townships = list(access.townships_for_user(user)[: NAV_TOWNSHIPS + 1])
    return {
        "nav_townships": townships if len(townships) <= NAV_TOWNSHIPS else [],
        "nav_system_roles": access.system_roles(user),
    }
