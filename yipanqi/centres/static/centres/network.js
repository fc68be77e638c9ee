// The centre network as a scatter by coordinates (ECharts, local data only: no map tiles).
// Data comes from json_script blocks; CSP forbids inline scripts, so this file draws it.
(function () {
  "use strict";
  const box = document.getElementById("centre-map");
  if (!box || typeof echarts === "undefined") return;
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const points = read("centre-points");
  const grades = read("centre-grades"); // best first, as the district's scheme orders them
  const levels = read("centre-levels");
  const notGraded = document.getElementById("centre-not-graded").textContent;
  const palette = ["#8b0000", "#b42318", "#9a4b00", "#1d5d8a", "#3d5a3d", "#6f42c1"];
  const size = { district: 26, town: 16, grassroots: 8 };
  const groups = [...grades, ""];
  const series = groups.map((grade, i) => ({
    name: grade || notGraded,
    type: "scatter",
    itemStyle: { color: grade ? palette[i % palette.length] : "#868e96", opacity: 0.85 },
    data: points
      .filter((p) => (p.grade || "") === grade || (grade === "" && !grades.includes(p.grade)))
      .map((p) => ({ value: [p.lng, p.lat], name: p.name, level: p.level, url: p.url, score: p.score })),
    symbolSize: (value, params) => size[params.data.level] || 8,
  }));
  // A few centres (one community's view) still get a readable span of at least 0.02°.
  const pad = (v) => Math.max(0.01, (v.max - v.min) * 0.05);
  const axis = (name) => ({
    type: "value",
    name: name,
    nameGap: 8,
    min: (v) => +(v.min - pad(v)).toFixed(2),
    max: (v) => +(v.max + pad(v)).toFixed(2),
    axisLabel: { formatter: (v) => String(+v.toFixed(3)) },
  });
  const chart = echarts.init(box, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    legend: { top: 0, type: "scroll" },
    grid: { left: 52, right: 24, top: 56, bottom: 40 },
    tooltip: {
      trigger: "item",
      formatter: (p) => {
        const level = levels[p.data.level] || "";
        const score = p.data.score === null ? "" : " · " + p.data.score;
        return `${echarts.format.encodeHTML(p.data.name)}<br>${level} · ${echarts.format.encodeHTML(p.seriesName)}${score}`;
      },
    },
    xAxis: axis("E"),
    yAxis: axis("N"),
    series: series,
  });
  chart.on("click", (p) => {
    if (p.data && p.data.url) window.location.href = p.data.url;
  });
  window.addEventListener("resize", () => chart.resize());
})();
