// Cockpit plugin "sopflow-sla": SLA compliance per priority by month, the MTTA/MTTR trend and the open incidents
// at risk. Figures come from the plugin's own resource (managers, incident managers, admins; 403 for others); charts
// are drawn with uPlot, bundled with SOPFlow and served by the plugin (no CDN, 'self' under the webapps' CSP).

const COLORS = { P1: '#c0392b', P2: '#e0812b', P3: '#2f6db5', P4: '#6b8e23', MTTA: '#2f6db5', MTTR: '#e0812b' };

let uPlotModule;
function loadChartLibrary() {
  if (!uPlotModule) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('./vendor/uPlot.min.css', import.meta.url).href;
    document.head.appendChild(css);
    uPlotModule = import('./vendor/uPlot.esm.js').then((m) => m.default);
  }
  return uPlotModule;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === 'className') node.className = v; else node.setAttribute(k, v);
  });
  children.forEach((c) => node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c));
  return node;
}

function monthSeconds(month) {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y, m - 1, 1) / 1000;
}

function chart(uPlot, node, title, months, series, unit) {
  const box = el('div', { className: 'sopflow-sla-chart', 'data-chart': title });
  node.appendChild(box);
  const width = Math.max(320, Math.min(560, (node.clientWidth || 600) - 20));
  new uPlot({
    title,
    width,
    height: 220,
    scales: { x: { time: true } },
    axes: [{}, { label: unit }],
    series: [{}].concat(series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: true } }))),
  }, [months.map(monthSeconds)].concat(series.map((s) => s.values)), box);
}

function timeLeft(dueAt, now) {
  const minutes = Math.round((new Date(dueAt) - new Date(now)) / 60000);
  return minutes < 0 ? `overdue by ${-minutes} min` : `${minutes} min`;
}

function atRiskTable(items, now) {
  const table = el('table', { className: 'table table-condensed sopflow-sla-at-risk' },
    el('thead', {}, el('tr', {}, ...['Incident', 'Priority', 'Group', 'Target', 'Due', 'Time left'].map((h) => el('th', {}, h)))));
  const body = el('tbody');
  if (!items.length) {
    body.appendChild(el('tr', {}, el('td', { colspan: '6' }, 'No open incident is due within the next hour.')));
  }
  items.forEach((i) => {
    const link = i.processInstanceId
      ? el('a', { href: `#/process-instance/${encodeURIComponent(i.processInstanceId)}/runtime` }, i.number)
      : document.createTextNode(i.number);
    body.appendChild(el('tr', {}, el('td', {}, link), el('td', {}, i.priority), el('td', {}, i.assignmentGroup),
      el('td', {}, i.target.toLowerCase()), el('td', {}, new Date(i.dueAt).toLocaleString()), el('td', {}, timeLeft(i.dueAt, now))));
  });
  table.appendChild(body);
  return table;
}

function fmt(value) {
  return value === null || value === undefined ? '-' : Number(value).toFixed(1);
}

// The charts' figures as a table too: readable without a mouse, and what the browser test checks.
function figuresTable(data) {
  const table = el('table', { className: 'table table-condensed sopflow-sla-figures' },
    el('thead', {}, el('tr', {}, el('th', {}, ''), ...data.months.map((m) => el('th', {}, m)))));
  const body = el('tbody');
  const row = (name, values) => body.appendChild(el('tr', { 'data-row': name }, el('th', {}, name),
    ...values.map((v, i) => el('td', { 'data-month': data.months[i] }, fmt(v)))));
  data.compliance.forEach((p) => {
    row(`${p.priority} response %`, p.responseCompliancePercent);
    row(`${p.priority} resolution %`, p.resolutionCompliancePercent);
  });
  row('MTTA min', data.trend.map((r) => r.mttaMinutes));
  row('MTTR min', data.trend.map((r) => r.mttrMinutes));
  table.appendChild(body);
  return table;
}

async function renderDashboard(node, api) {
  node.innerHTML = '';
  const root = el('section', { className: 'sopflow-sla', id: 'sopflow-sla' }, el('h3', {}, 'SLA compliance'));
  node.appendChild(root);
  const base = api.cockpitApi || api.baseApi;
  const response = await fetch(`${base}/plugin/sopflow-sla/${encodeURIComponent(api.engine || 'default')}/dashboard`,
    { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 403) {
    root.appendChild(el('p', { className: 'sopflow-sla-refused' }, 'SLA figures are for managers, incident managers and admins.'));
    return;
  }
  if (!response.ok) {
    root.appendChild(el('p', {}, `SLA figures are not available (${response.status}).`));
    return;
  }
  const data = await response.json();
  const uPlot = await loadChartLibrary();
  const charts = el('div', { className: 'sopflow-sla-charts' });
  root.appendChild(charts);
  chart(uPlot, charts, 'Resolution compliance per priority (%)', data.months,
    data.compliance.map((p) => ({ label: p.priority, color: COLORS[p.priority], values: p.resolutionCompliancePercent })), '%');
  chart(uPlot, charts, 'Response compliance per priority (%)', data.months,
    data.compliance.map((p) => ({ label: p.priority, color: COLORS[p.priority], values: p.responseCompliancePercent })), '%');
  chart(uPlot, charts, 'MTTA and MTTR (working minutes)', data.months, [
    { label: 'MTTA', color: COLORS.MTTA, values: data.trend.map((r) => r.mttaMinutes) },
    { label: 'MTTR', color: COLORS.MTTR, values: data.trend.map((r) => r.mttrMinutes) },
  ], 'min');
  root.appendChild(figuresTable(data));
  root.appendChild(el('h4', {}, 'Open incidents at risk'));
  root.appendChild(atRiskTable(data.atRisk, data.now));
}

export default [
  {
    id: 'sopflow-sla-dashboard',
    pluginPoint: 'cockpit.dashboard',
    priority: 10,
    render: (node, { api }) => {
      renderDashboard(node, api).catch((e) => { node.textContent = `SLA figures failed to load: ${e.message}`; });
    },
  },
  {
    id: 'sopflow-sla-process-tab',
    pluginPoint: 'cockpit.processDefinition.runtime.tab',
    properties: { label: 'SLA' },
    render: (node, { api, processDefinitionId }) => {
      fetch(`${api.engineApi}/process-definition/${encodeURIComponent(processDefinitionId)}`,
        { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then((r) => r.json())
        .then((definition) => {
          if (definition.key !== 'IncidentEscalationProcess') {
            node.textContent = 'SLA figures are kept for the incident process (IncidentEscalationProcess).';
            return undefined;
          }
          return renderDashboard(node, api);
        })
        .catch((e) => { node.textContent = `SLA figures failed to load: ${e.message}`; });
    },
  },
];
