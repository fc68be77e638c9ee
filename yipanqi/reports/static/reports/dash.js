// The dashboards' charts (ECharts, served locally). The specifications come from a json_script
// block (CSP forbids inline scripts); a click on a child node's bar opens that node's dashboard.
(function () {
  "use strict";
  const source = document.getElementById("dash-charts");
  if (!source || typeof echarts === "undefined") return;
  const specs = JSON.parse(source.textContent);
  const palette = ["#b42318", "#1d5d8a", "#9a4b00", "#3d5a3d", "#6f42c1", "#495057", "#0b7285"];

  // Many areas (a town's thirty communities) or a phone: bars lie flat, one row per area.
  function flat(spec) {
    const n = spec.categories.length;
    return spec.urls !== null && (n > 12 || (window.innerWidth < 576 && n > 5));
  }

  function option(spec, lying) {
    const percent = spec.series.some((s) => s.percent);
    const mixed = percent && spec.series.some((s) => !s.percent);
    const values = [{ type: "value", axisLabel: { formatter: percent && !mixed ? "{value}%" : "{value}" } }];
    if (mixed) values.push({ type: "value", splitLine: { show: false } });
    const many = spec.categories.length > 6;
    const categories = {
      type: "category",
      data: spec.categories,
      inverse: lying,
      axisLabel: lying ? { interval: 0, width: 96, overflow: "truncate" } : { interval: 0, rotate: many ? 40 : 0 },
    };
    const index = (s) => (mixed && !s.percent ? 1 : 0);
    return {
      animation: false,
      color: palette,
      // drawn on the canvas: the HTML tooltip writes style attributes, which the CSP refuses
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: lying ? (mixed ? values : values[0]) : categories,
      yAxis: lying ? categories : mixed ? values : values[0],
      series: spec.series.map((s) => ({
        name: s.name,
        type: s.type,
        stack: s.stack ? "all" : undefined,
        xAxisIndex: lying ? index(s) : 0,
        yAxisIndex: lying ? 0 : index(s),
        data: s.data,
        cursor: spec.urls ? "pointer" : "default",
      })),
    };
  }

  specs.forEach((spec) => {
    const box = document.getElementById(spec.id);
    if (!box) return;
    const lying = flat(spec);
    if (lying) box.style.height = Math.max(300, 24 * spec.categories.length + 90) + "px";
    const chart = echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(option(spec, lying));
    if (spec.urls) {
      const year = new URLSearchParams(window.location.search).get("year");
      const open = (i) => {
        if (i >= 0 && spec.urls[i]) window.location.href = spec.urls[i] + (year ? "?year=" + year : "");
      };
      chart.on("click", (p) => open(p.dataIndex));
      // a click anywhere in a category's band (not only on the bar) opens it too
      chart.getZr().on("click", (e) => {
        if (e.target) return;
        const point = [e.offsetX, e.offsetY];
        if (!chart.containPixel("grid", point)) return;
        const i = chart.convertFromPixel({ seriesIndex: 0 }, point)[lying ? 1 : 0];
        open(Math.round(i));
      });
    }
    window.addEventListener("resize", () => chart.resize());
  });
})();
