// /sunshine: draws a bar chart (ECharts) of the latest month in the board's table. The table stays
// the accessible view (screen readers, no JavaScript); the chart is marked as an image whose
// figures are in the table.
(function () {
  'use strict';
  var el = document.getElementById('sunshine-chart');
  var table = document.getElementById('sunshine-table');
  if (!el || !table || !window.echarts) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (r) { return r.dataset.county; });
  if (!rows.length) return;
  var month = rows[0].cells[0].textContent;
  var latest = rows.filter(function (r) { return r.cells[0].textContent === month; });
  el.style.height = '320px';
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', el.dataset.title + ' ' + month);
  var chart = window.echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    title: { text: month, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { top: 40, left: 48, right: 16, bottom: 64 },
    xAxis: { type: 'category', data: latest.map(function (r) { return r.dataset.county; }) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: el.dataset.received, type: 'bar', data: latest.map(function (r) { return Number(r.dataset.received); }) },
      { name: el.dataset.ontime, type: 'bar', data: latest.map(function (r) { return Number(r.dataset.ontime); }) },
    ],
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
