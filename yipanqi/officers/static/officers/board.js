// The officers' board chart (ECharts, served locally): assigned, visited and overdue per role.
(function () {
  const holder = document.getElementById("officers-chart");
  const data = JSON.parse(document.getElementById("officers-chart-data").textContent);
  if (!holder || !window.echarts || !data.length) return;
  const chart = window.echarts.init(holder);
  const series = ["assigned", "visited", "overdue"].map(function (key) {
    return { name: holder.dataset[key] || key, type: "bar", data: data.map(function (r) { return r[key]; }) };
  });
  chart.setOption({
    tooltip: {}, legend: { top: 0 }, grid: { top: 36, left: 40, right: 10, bottom: 30 },
    xAxis: { type: "category", data: data.map(function (r) { return r.name; }) },
    yAxis: { type: "value" }, series: series,
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
