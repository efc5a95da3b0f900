// Usage graphs of the portal. The data tables on the page are the source: each `[data-chart]`
// placeholder names its table; this script draws it with Chart.js and folds the table away. Without
// JavaScript (or Chart.js) the tables stay as they are.
(function () {
  'use strict';
  if (typeof window.Chart !== 'function') return;

  var styles = window.getComputedStyle(document.documentElement);
  function cssVar(name, fallback) {
    var value = styles.getPropertyValue(name);
    return value && value.trim() ? value.trim() : fallback;
  }
  var palette = {
    primary: cssVar('--primary', '#4f46e5'),
    accent: cssVar('--success', '#16a34a'),
    text: cssVar('--text-muted', '#6b7280'),
    grid: cssVar('--border', '#e5e7eb'),
  };

  function bytesLabel(value) {
    var units = ['B', 'KB', 'MB', 'GB', 'TB'];
    var n = Number(value) || 0;
    var i = 0;
    while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return i === 0 ? n + ' B' : n.toFixed(1) + ' ' + units[i];
  }

  function axes(tick) {
    return {
      x: { ticks: { color: palette.text }, grid: { color: palette.grid } },
      y: { beginAtZero: true, ticks: { color: palette.text, callback: tick }, grid: { color: palette.grid } },
    };
  }

  function bandwidth(table) {
    var rows = table.querySelectorAll('tbody tr[data-day]');
    var labels = [], inbound = [], outbound = [];
    for (var i = 0; i < rows.length; i++) {
      labels.push(rows[i].getAttribute('data-day').slice(5));
      inbound.push(Number(rows[i].getAttribute('data-in')));
      outbound.push(Number(rows[i].getAttribute('data-out')));
    }
    return {
      type: 'bar',
      label: 'Daily traffic in and out over the last 30 days; the table below has the figures.',
      data: {
        labels: labels,
        datasets: [
          { label: 'In', data: inbound, backgroundColor: palette.primary },
          { label: 'Out', data: outbound, backgroundColor: palette.accent },
        ],
      },
      options: {
        scales: axes(bytesLabel),
        plugins: { tooltip: { callbacks: { label: function (item) { return item.dataset.label + ': ' + bytesLabel(item.raw); } } } },
      },
    };
  }

  function resources(table) {
    var rows = table.querySelectorAll('tbody tr[data-value]');
    var labels = [], values = [];
    for (var i = 0; i < rows.length; i++) {
      labels.push(rows[i].getAttribute('data-label'));
      values.push(Number(rows[i].getAttribute('data-value')));
    }
    if (!values.length) return null;
    return {
      type: 'bar',
      label: 'Share of each plan resource in use now; the table below has the figures.',
      data: { labels: labels, datasets: [{ label: 'In use (%)', data: values, backgroundColor: palette.primary }] },
      options: {
        indexAxis: 'y',
        scales: { x: { min: 0, max: 100, ticks: { color: palette.text, callback: function (v) { return v + ' %'; } }, grid: { color: palette.grid } }, y: { ticks: { color: palette.text }, grid: { display: false } } },
        plugins: { legend: { display: false } },
      },
    };
  }

  var BUILDERS = { bandwidth: bandwidth, resources: resources };
  var holders = document.querySelectorAll('[data-chart]');
  for (var i = 0; i < holders.length; i++) {
    var holder = holders[i];
    var table = document.getElementById(holder.getAttribute('data-chart-table'));
    var build = BUILDERS[holder.getAttribute('data-chart')];
    var spec = table && build ? build(table) : null;
    if (!spec) continue;
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', spec.label);
    holder.appendChild(canvas);
    holder.hidden = false;
    spec.options.responsive = true;
    spec.options.maintainAspectRatio = false;
    spec.options.animation = false;
    new window.Chart(canvas, { type: spec.type, data: spec.data, options: spec.options });
    var details = table.closest('details');
    if (details) details.open = false;
  }
})();
