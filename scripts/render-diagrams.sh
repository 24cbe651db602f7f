#!/usr/bin/env bash
# Renders every model of processes/ to docs/diagrams/<process key>.png with bpmn-js (the renderer Camunda Modeler
# uses) in headless Chromium, so the README shows the models exactly as process owners see them in Modeler.
#
#   scripts/render-diagrams.sh                 # all models
#   scripts/render-diagrams.sh IncidentEscalationProcess ChangeApprovalProcess
#
# Needs node/npm (bpmn-js is installed into a scratch folder, not into the project), python3 and chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
npm install --silent --no-audit --no-fund --prefix "$scratch" bpmn-js@18 >/dev/null
viewer="$scratch/node_modules/bpmn-js/dist"

if [ $# -gt 0 ]; then models=("$@"); else models=($(ls processes/*.bpmn | xargs -n1 basename | sed 's/\.bpmn$//')); fi

for key in "${models[@]}"; do
  model="processes/$key.bpmn"
  # The page size: the diagram's extent (shapes, labels, waypoints) plus a margin.
  read -r width height < <(python3 - "$model" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
xs, ys = [], []
for x, y, w, h in re.findall(r'<dc:Bounds x="(-?[\d.]+)" y="(-?[\d.]+)" width="([\d.]+)" height="([\d.]+)"', s):
    xs += [float(x), float(x) + float(w)]; ys += [float(y), float(y) + float(h)]
for x, y in re.findall(r'<di:waypoint x="(-?[\d.]+)" y="(-?[\d.]+)"', s):
    xs.append(float(x)); ys.append(float(y))
print(int(max(xs) - min(xs)) + 80, int(max(ys) - min(ys)) + 80)
PY
)
  python3 - "$model" "$scratch/$key.html" "$viewer" <<'PY'
import json, sys
model, page, viewer = sys.argv[1:]
xml = open(model).read()
open(page, "w").write(f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://{viewer}/assets/bpmn-js.css">
<style>html,body,#canvas{{margin:0;width:100%;height:100%;background:#fff}}</style>
<script src="file://{viewer}/bpmn-navigated-viewer.production.min.js"></script></head>
<body><div id="canvas"></div><script>
const viewer = new BpmnJS({{ container: '#canvas' }});
viewer.importXML({json.dumps(xml)}).then(() => viewer.get('canvas').zoom('fit-viewport', 'auto'));
</script></body></html>""")
PY
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files \
    --virtual-time-budget=5000 --window-size="$width,$height" \
    --screenshot="docs/diagrams/$key.png" "file://$scratch/$key.html" >/dev/null 2>&1
  echo "docs/diagrams/$key.png (${width}x${height})"
done
