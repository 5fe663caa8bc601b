"""The cadre roster: cadres and village leaders of a township, .xlsx import and export."""
