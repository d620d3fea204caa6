#!/usr/bin/env python3
"""charts.py - is every chart of a fairness report drawn, in a real browser?

Usage: charts.py CHROMIUM REPORT.html TMPDIR

Copies the report, appends a small script that measures, after Chromium has
laid the page out, each expected chart: the <svg> must exist and be visible
with a non-zero size, and hold at least one bar or dot (<rect>, <circle>)
whose rendered box has non-zero width and height.  Chromium prints the DOM
(--dump-dom) with the measurements in a <pre>; this script reads them back.
The report itself carries no script: only the copy under test does.
Exit 0 when every chart is drawn, 1 otherwise (each problem printed).
"""
import html
import json
import os
import re
import subprocess
import sys

CHARTS = [
    "chart-rank", "chart-electives", "chart-regions", "chart-costs", "chart-groups",
    "chart-seed-objective", "chart-seed-max", "chart-seed-gini", "chart-seed-first",
    "chart-luck",
]

PROBE = """
<script>
(function () {
  var ids = %s, out = {};
  ids.forEach(function (id) {
    var svg = document.getElementById(id);
    if (!svg || svg.tagName.toLowerCase() !== 'svg') { out[id] = null; return; }
    var r = svg.getBoundingClientRect(), st = getComputedStyle(svg), drawn = 0;
    svg.querySelectorAll('rect, circle').forEach(function (e) {
      var b = e.getBoundingClientRect();
      if (b.width > 0 && b.height > 0 && getComputedStyle(e).display !== 'none') drawn++;
    });
    out[id] = {w: r.width, h: r.height, visible: st.display !== 'none' &&
               st.visibility !== 'hidden', drawn: drawn};
  });
  var pre = document.createElement('pre');
  pre.id = 'chart-check';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def main():
    chromium, report, tmp = sys.argv[1:4]
    page = open(report, encoding="utf-8").read()
    if "</body>" not in page:
        print("charts.py: %s has no </body>" % report)
        return 1
    probe = os.path.join(tmp, "probe.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(page.replace("</body>", PROBE % json.dumps(CHARTS) + "</body>", 1))
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--user-data-dir=" + os.path.join(tmp, "chromium-profile"),
           "--window-size=1000,4000", "--dump-dom", "file://" + os.path.abspath(probe)]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        print("charts.py: chromium did not finish in 120 s")
        return 1
    m = re.search(r'<pre id="chart-check">(.*?)</pre>', res.stdout, re.S)
    if not m:
        print("charts.py: chromium gave no measurements (exit %d)\n%s"
              % (res.returncode, res.stderr[-2000:]))
        return 1
    got = json.loads(html.unescape(m.group(1)))
    bad = 0
    for cid in CHARTS:
        c = got.get(cid)
        if c is None:
            print("charts.py: chart %s is missing" % cid)
            bad += 1
        elif not c["visible"] or c["w"] <= 0 or c["h"] <= 0:
            print("charts.py: chart %s is not shown (%sx%s)" % (cid, c["w"], c["h"]))
            bad += 1
        elif c["drawn"] < 1:
            print("charts.py: chart %s is empty: no bar or dot of non-zero size" % cid)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
