// The officers' board charts (ECharts, served locally): per role and per layer, targets assigned,
// visited and overdue this month, issues raised and solved. Each holder names its data (data-source).
(function () {
  if (!window.echarts) return;
  const keys = ["assigned", "visited", "overdue", "issues", "solved"];
  document.querySelectorAll(".officers-chart[data-source]").forEach(function (holder) {
    const source = document.getElementById(holder.dataset.source);
    const data = source ? JSON.parse(source.textContent) : [];
    if (!data.length) return;
    const chart = window.echarts.init(holder);
    const series = keys.map(function (key) {
      return { name: holder.dataset[key] || key, type: "bar", data: data.map(function (r) { return r[key]; }) };
    });
    chart.setOption({
      tooltip: { trigger: "axis" }, legend: { top: 0, type: "scroll" },
      grid: { top: 40, left: 36, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.map(function (r) { return r.name; }),
               axisLabel: { interval: 0, rotate: data.length > 3 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 }, series: series,
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
