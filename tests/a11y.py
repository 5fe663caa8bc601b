"""axe-core (bundled by axe-playwright-python) run in Chromium: WCAG 2.1 A and AA."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def wcag_violations(page) -> str:
    """'' when the page has no WCAG 2.1 A/AA violation, else a readable report."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    if not results.violations_count:
        return ""
    # The report names the rules; the offending elements' selectors say where.
    where = [
        f"{v['id']}: {node['target']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]
    return results.generate_report() + "\n".join(where)
