// Leadflow dashboard: draws the charts described by canvases' data-chart attributes (Chart.js) and
// keeps SLA countdowns current. The pages work without it; it only adds the pictures and the ticking.
(function () {
  "use strict";

  function drawCharts(root) {
    if (typeof Chart === "undefined") {
      return;
    }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) {
        return;
      }
      var spec = JSON.parse(canvas.dataset.chart);
      spec.datasets.forEach(function (set) {
        set.backgroundColor = "rgba(47, 91, 234, 0.55)";
        set.borderColor = "#2f5bea";
        set.spanGaps = true;
      });
      new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: spec.datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
      });
      canvas.dataset.drawn = "yes";
    });
  }

  function span(ms) {
    var m = Math.floor(Math.abs(ms) / 60000), d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60);
    return d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + (m % 60) + "m" : Math.max(1, m) + "m";
  }

  // the server's clock, not the browser's: a deadline is the server's, and browsers' clocks drift
  var skew = 0;

  function tick() {
    var now = Date.now() + skew;
    document.querySelectorAll("time.countdown").forEach(function (t) {
      var left = Date.parse(t.getAttribute("datetime")) - now;
      t.textContent = left >= 0 ? "in " + span(left) : span(left) + " overdue";
      if (left < 0) {
        t.classList.remove("running", "warning");
        t.classList.add("breached");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var serverNow = Date.parse(document.body.dataset.now || "");
    skew = isNaN(serverNow) ? 0 : serverNow - Date.now();
    drawCharts(document);
    tick();
    setInterval(tick, 30000);
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    drawCharts(e.target);
    tick();
  });
})();
