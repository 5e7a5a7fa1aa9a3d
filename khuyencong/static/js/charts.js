// The dashboards' charts (reports/dashboard.html), drawn with Chart.js from the data tables on the
// page: a chart is never fed anything its table does not show, and the page needs no inline script
// (the site's Content-Security-Policy allows scripts from 'self' only).
//
// <canvas data-chart-for="ID"> draws the table #ID: one label per body row (its <th>), one series
// per heading marked data-series, each value read from the cell's data-value (a plain number).
// On the table: data-chart-type (line, bar), data-chart-horizontal, data-chart-stacked; on the
// canvas: data-chart-rows (only the first N rows: a ranked chart shows the top, the table all).
(function () {
  "use strict";
  if (!window.Chart) { return; }
  var COLOURS = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d", "#0dcaf0", "#ffc107", "#d63384"];

  function read(table, limit) {
    var headings = table.tHead.rows[0].cells;
    var columns = [];
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].hasAttribute("data-series")) {
        columns.push({ index: i, label: headings[i].textContent.trim(), dashed: headings[i].hasAttribute("data-series-dashed") });
      }
    }
    var labels = [];
    var values = columns.map(function () { return []; });
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var count = limit ? Math.min(limit, rows.length) : rows.length;
    for (var r = 0; r < count; r++) {
      // A row heading may carry a note under its label (a batch's decision): the label is its first line.
      var heading = rows[r].cells[0];
      labels.push((heading.dataset.label || (heading.firstChild || heading).textContent).trim());
      columns.forEach(function (column, c) {
        var cell = rows[r].cells[column.index];
        var raw = cell ? cell.getAttribute("data-value") : null;
        values[c].push(raw === null || raw === "" ? null : parseFloat(raw));
      });
    }
    return { labels: labels, columns: columns, values: values };
  }

  function draw(canvas) {
    var table = document.getElementById(canvas.getAttribute("data-chart-for"));
    if (!table || !table.tHead) { return; }
    var limit = parseInt(canvas.getAttribute("data-chart-rows") || "0", 10);
    var data = read(table, limit);
    var type = table.getAttribute("data-chart-type") || "bar";
    var horizontal = table.hasAttribute("data-chart-horizontal");
    var stacked = table.hasAttribute("data-chart-stacked");
    var datasets = data.columns.map(function (column, c) {
      var colour = COLOURS[c % COLOURS.length];
      return {
        label: column.label, data: data.values[c], backgroundColor: colour, borderColor: colour,
        borderDash: column.dashed ? [6, 4] : [], fill: false, tension: 0, pointRadius: type === "line" ? 2 : 0
      };
    });
    var scale = { stacked: stacked, beginAtZero: true, ticks: { autoSkip: true } };
    // A long label (an activity type's name) would push the bars off a phone's screen: the axis shows
    // its first words, the table under the chart the whole name.
    // A horizontal chart's bars each name a thing (an output, a commune): every bar keeps its label.
    var category = Object.assign({}, scale, { ticks: { autoSkip: !horizontal, callback: function (value) {
      var label = String(this.getLabelForValue(value));
      return label.length > 24 ? label.slice(0, 23) + "…" : label;
    } } });
    canvas.chart = new window.Chart(canvas, {
      type: type,
      data: { labels: data.labels, datasets: datasets },
      options: {
        // The page's language formats the numbers: 1.000 and 12,5 in Vietnamese.
        locale: document.documentElement.lang || "vi",
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false, responsive: true, animation: false,
        scales: horizontal ? { x: scale, y: category } : { x: category, y: Object.assign({}, scale) },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }

  function drawAll() { document.querySelectorAll("canvas[data-chart-for]").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); } else { drawAll(); }
})();
