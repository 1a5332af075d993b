// The book page's charts, drawn by Chart.js (from npm) over the data the page carries
// (the tables beside each chart hold the same figures, to the cent, without script).
"use strict";
(function () {
  if (!window.Chart) return;
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const island = document.getElementById(canvas.dataset.chart);
    if (!island) return;
    const spec = JSON.parse(island.textContent);
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        animation: false,
        plugins: { legend: { display: spec.datasets.length > 1 } },
        // every label shown: a skipped one would leave a bar without its name
        scales: { [spec.horizontal ? "y" : "x"]: { ticks: { autoSkip: false } } },
      },
    });
    canvas.dataset.drawn = "yes";
  });
})();
