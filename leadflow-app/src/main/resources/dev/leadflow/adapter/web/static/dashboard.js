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
        var color = set.color || "#2f5bea";
        set.backgroundColor = color + "8c"; // 55% opaque
        set.borderColor = color;
        set.spanGaps = true;
        ["color", "type", "yAxisID"].forEach(function (k) { if (set[k] === null) { delete set[k]; } });
        delete set.color;
      });
      var scales = { y: { beginAtZero: true } };
      if (spec.y2) { // a second quantity (e.g. a share in %) on the right
        scales.y2 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
                      title: { display: true, text: spec.y2 } };
      }
      new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: spec.datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   plugins: { legend: { display: !!spec.legend } }, scales: scales }
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

  // while a backtest runs (the lab's form was sent with its Backtest button), say how far it has got
  function watchBacktest() {
    var form = document.getElementById("lab-form"), line = document.getElementById("lab-progress");
    if (!form || !line) {
      return;
    }
    form.addEventListener("submit", function (e) {
      if (!e.submitter || e.submitter.id !== "backtest") {
        return;
      }
      line.textContent = "Backtest: starting…";
      setInterval(function () {
        fetch("/model/backtest/progress", { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (text) { if (text) { line.textContent = text; } })
          .catch(function () {});
      }, 1000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    watchBacktest();
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
