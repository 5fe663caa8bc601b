"""Who does what with the township's money, as sets of `committees.access` roles (one place,
so that the pages, the panels and the services agree).

The clerk drafts and records; the finance group votes; the secretary proposes the
committee's items and reads; the county reviewer reads; a cadre or a committee member with
no other role sees nothing."""

from committees import access

Role = access.Role

READERS = frozenset(
    {Role.SECRETARY, Role.CLERK, Role.FINANCE_GROUP, Role.COUNTY_REVIEWER}
)
RECORDERS = frozenset({Role.CLERK})
GROUP = frozenset({Role.FINANCE_GROUP})
SECRETARY = access.SECRETARY_ONLY
# FIN-10: the communication with the secretary is recorded by the clerk or the secretary.
STAFF = access.TOWNSHIP_STAFF
