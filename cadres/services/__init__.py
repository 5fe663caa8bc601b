"""Services of the cadres app, grouped by mechanism: learning (LRN) and the roster.
Selection and appointment (APT) will sit beside them in their own module."""

from cadres.services.learning import *  # noqa: F403
from cadres.services.learning import (  # noqa: F401
    cadre_of_user,
    cadres_of,
    draw_sample,
)
from cadres.services.roster import (  # noqa: F401
    roster_export,
    roster_import,
    roster_parse,
    roster_people,
)
