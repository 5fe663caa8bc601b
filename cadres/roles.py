"""Who does what in the cadres app, as sets of `committees.access` roles (one place, so
that the pages, the panels and the services agree)."""

from committees import access

# Roles held by people of the township itself (the county reviewer is not one of them).
TOWNSHIP_PEOPLE = access.READERS - {access.Role.COUNTY_REVIEWER}
# Who reads the township's study records and its roster: its staff and the county reviewer.
STAFF_READERS = access.TOWNSHIP_STAFF | {access.Role.COUNTY_REVIEWER}
