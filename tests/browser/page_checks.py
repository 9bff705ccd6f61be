"""What the layout walk checks on every page: sideways scroll, touch targets, axe-core.

axe-core comes from npm (package.json) and is read from node_modules. Playwright serves the file
at a same-origin address and `add_script_tag` loads it from there, so the page's strict Content
Security Policy stays on during the walk and a violation of it still shows as a console error.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Route

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_ADDRESS = "/__browser-tests__/axe.min.js"
SEVERE = ("critical", "serious")
# WCAG 2.5.5 and Apple's guideline: 44 CSS pixels; half a pixel for sub-pixel layout.
TOUCH_TARGET = 43.5

# Against the width the test set: on a phone, Chromium widens its layout viewport (innerWidth)
# to fit a page that is too wide, which would hide the very overflow looked for.
OVERFLOW = """(width) => {
  const root = document.scrollingElement;
  if (root.scrollWidth <= width) { return null; }
  const culprits = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 0.5 && box.width > 0 && !element.closest("svg *")) {
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + (element.className && typeof element.className === "string"
           ? "." + element.className.trim().split(/\\s+/).join(".") : "");
      culprits.push(name + " right=" + Math.round(box.right));
    }
  }
  return {scrollWidth: root.scrollWidth, width: width, culprits: culprits.slice(-6)};
}"""

# Controls a finger taps: buttons, fields, summaries, links that stand alone (inline links in a
# sentence are exempt, as in WCAG 2.5.8), the label of a tick box or radio (the label is what a
# finger taps; the box keeps its shape), and the regions of the body map.
SMALL_TARGETS = """(limit) => {
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 1 && box.height > 1
      && element.checkVisibility({visibilityProperty: true, opacityProperty: true});
  };
  const describe = (element, box) => {
    const text = (element.getAttribute("aria-label") || element.innerText || element.value
      || element.name || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + " \\"" + text + "\\" " + Math.round(box.width) + "x" + Math.round(box.height);
  };
  const standalone = (link) => {
    const parent = link.parentElement;
    return parent && parent.textContent.trim() === link.textContent.trim();
  };
  const small = [];
  const misshapen = [];
  const check = (element, target) => {
    const box = target.getBoundingClientRect();
    if (box.width < limit || box.height < limit) { small.push(describe(element, box)); }
  };
  const controls = document.querySelectorAll(
    "button, [role=button], input, select, textarea, summary, a[href]");
  for (const element of controls) {
    if (element.type === "hidden" || !shown(element) || element.closest("svg")) { continue; }
    if (element.matches("input[type=checkbox], input[type=radio]")) {
      const box = element.getBoundingClientRect();
      if (Math.abs(box.width - box.height) > 1 || box.width < 12) {
        misshapen.push(describe(element, box));
      }
      const label = element.closest("label")
        || (element.id && document.querySelector("label[for='" + element.id + "']"));
      check(element, label || element);
      continue;
    }
    if (element.matches("a") && !standalone(element)) { continue; }
    check(element, element);
  }
  for (const region of document.querySelectorAll(".bm-region")) {
    if (shown(region)) { check(region, region); }
  }
  return {small: small, misshapen: misshapen};
}"""

AXE_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.length,
    targets: violation.nodes.slice(0, 4).map((node) => node.target.join(" ")),
  }));
}"""


def serve_axe(page: Page) -> None:
    """Answer the axe-core address from node_modules, for every page of this tab."""
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `npm ci` (axe-core is in package.json)")

    def fulfil(route: Route) -> None:
        route.fulfill(path=str(AXE), content_type="application/javascript")

    page.route(f"**{AXE_ADDRESS}", fulfil)


def horizontal_overflow(page: Page, width: int) -> dict[str, object] | None:
    """None when the page does not scroll sideways; else the widths and the widest elements."""
    return page.evaluate(OVERFLOW, width)  # type: ignore[no-any-return]


def touch_target_problems(page: Page) -> dict[str, list[str]]:
    """Tap targets under 44 px, and tick boxes or radios that lost their shape."""
    return page.evaluate(SMALL_TARGETS, TOUCH_TARGET)  # type: ignore[no-any-return]


def severe_axe_violations(page: Page, base_url: str) -> list[dict[str, object]]:
    """axe-core's critical and serious violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=base_url + AXE_ADDRESS)
    violations = page.evaluate(AXE_RUN)
    return [v for v in violations if v["impact"] in SEVERE]
