// Draws the dashboard's charts from the data the page already shows as tables (no second request).
(function () {
  const charts = JSON.parse(document.getElementById("chart-data").textContent);
  const colours = { "绿灯": "#12b76a", "黄灯": "#f79009", "红灯": "#d92d20", "未监控": "#98a2b3" };
  const font = { fontFamily: "Noto Sans CJK SC, WenQuanYi Zen Hei, Microsoft YaHei, sans-serif" };
  for (const chart of charts) {
    const node = document.getElementById("echart-" + chart.key);
    if (!node || !window.echarts) continue;
    const rows = chart.rows;
    let option;
    if (chart.key === "funds") {
      option = { xAxis: { type: "category", data: rows.map(r => r[0]) }, yAxis: { type: "value" },
                 series: [{ type: "bar", data: rows.map(r => r[2]), name: chart.columns[2] }], tooltip: {} };
    } else if (chart.key === "execution") {
      // Project names under the bars while they fit; the 序时进度 line with its points, so that one project shows too.
      option = { xAxis: { type: "category", data: rows.map(r => r[0]),
                          axisLabel: { show: rows.length <= 12, interval: 0, rotate: rows.length > 4 ? 30 : 0,
                                       formatter: name => name.length > 8 ? name.slice(0, 8) + "…" : name } },
                 yAxis: { type: "value", max: value => Math.max(100, Math.ceil(value.max)), name: "%" }, tooltip: { trigger: "axis" },
                 legend: { data: ["执行率", "序时进度"] }, grid: { bottom: 70 },
                 series: [
                   { type: "bar", name: "执行率", data: rows.map(r => ({ value: r[1], itemStyle: { color: colours[r[3]] } })) },
                   { type: "line", name: "序时进度", data: rows.map(r => r[2]), symbol: "circle", symbolSize: 6 }] };
    } else {
      option = { tooltip: {}, series: [{ type: "pie", radius: "65%",
                 data: rows.map(r => ({ name: r[0], value: r[1], itemStyle: colours[r[0]] ? { color: colours[r[0]] } : undefined })) }] };
    }
    option.textStyle = font;
    echarts.init(node).setOption(option);
  }
})();
