// The big screen: draws the centre network (ECharts, local) and refreshes the key figures, the
// ranking and the event feed from the screen's JSON endpoint (the server answers from its cache).
(function () {
  "use strict";
  const main = document.getElementById("main");
  if (!main) return;
  const box = document.getElementById("screen-map");
  const colours = { district: "#ffcc66", town: "#ff8a65", grassroots: "#8fc4ff" };
  const sizes = { district: 28, town: 18, grassroots: 9 };
  let chart = null;

  function drawCentres(points) {
    if (!box || typeof echarts === "undefined") return;
    if (!chart) {
      chart = echarts.init(box, null, { renderer: "canvas" });
      window.addEventListener("resize", () => chart.resize());
    }
    const levels = ["grassroots", "town", "district"]; // the district's centre drawn last, on top
    chart.setOption({
      animation: false,
      backgroundColor: "transparent",
      legend: {
        top: 0,
        data: ["district", "town", "grassroots"].map((l) => box.dataset[l]),
        textStyle: { color: "#e9eef7", fontSize: 16 },
      },
      tooltip: { trigger: "item", renderMode: "richText", formatter: (p) => p.data.name },
      grid: { left: 8, right: 8, top: 40, bottom: 8 },
      xAxis: { type: "value", show: false, scale: true },
      yAxis: { type: "value", show: false, scale: true },
      series: levels.map((level) => ({
        name: box.dataset[level],
        type: "scatter",
        symbolSize: sizes[level],
        itemStyle: { color: colours[level], opacity: 0.9 },
        data: points.filter((p) => p.level === level).map((p) => ({ value: [p.lng, p.lat], name: p.name })),
      })),
    });
  }

  function fill(list, rows, cells) {
    const items = rows.map((row) => {
      const item = document.createElement(list.tagName === "UL" ? "li" : "tr");
      cells(row).forEach(([tag, text, cls]) => {
        const cell = document.createElement(tag);
        cell.textContent = text;
        if (cls) cell.className = cls;
        item.append(cell, list.tagName === "UL" ? " " : "");
      });
      return item;
    });
    list.replaceChildren(...items);
  }

  function update(data) {
    data.figures.forEach((f) => {
      const dd = document.querySelector(`#screen-figures [data-figure="${f.key}"]`);
      if (dd) dd.textContent = f.value;
    });
    fill(document.getElementById("screen-ranking"), data.ranking, (r) => [
      ["td", String(r.rank)], ["td", r.name], ["td", r.on_time], ["td", r.satisfaction], ["td", r.orders],
    ]);
    if (data.feed.length) {
      fill(document.getElementById("screen-feed"), data.feed, (e) => [
        ["time", e.when], ["span", e.what], ["span", e.place, "place"],
      ]);
    }
    document.getElementById("screen-time").textContent = data.computed_at;
    drawCentres(data.centres);
  }

  drawCentres(JSON.parse(document.getElementById("screen-centres").textContent));
  const every = Math.max(15, Number(main.dataset.refresh) || 60) * 1000;
  window.setInterval(() => {
    fetch(main.dataset.source, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => data && update(data))
      .catch(() => {});
  }, every);
})();
