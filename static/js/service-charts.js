// Charts of the Layanan pages, drawn with the vendored Chart.js from data the server puts
// in <script type="application/json"> blocks (json_script). Every chart has a table with
// the same figures on its page, so nothing is lost without JavaScript.
//
// Markup: <canvas data-service-chart="trend|office" data-source="<id of the json_script>">
// Data:   {labels: [...], volume: [...], on_time_rate: [...%], first_time_right_rate: [...%]}
(function () {
  "use strict";

  var COLOURS = {
    volume: "rgba(29, 78, 137, 0.22)",
    volumeBorder: "rgba(29, 78, 137, 0.55)",
    onTime: "#1c6b37",
    firstTimeRight: "#a15c00",
  };

  function readData(canvas) {
    var source = document.getElementById(canvas.dataset.source || "");
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function lang() {
    return document.documentElement.lang || "id";
  }

  function percentTick(value) {
    return value + "%";
  }

  function tooltipLabel(context) {
    var value = context.parsed.y;
    if (value === null || value === undefined) {
      return context.dataset.label + ": –";
    }
    var text = value.toLocaleString(lang(), { maximumFractionDigits: 1 });
    return context.dataset.label + ": " + text + (context.dataset.yAxisID === "rate" ? "%" : "");
  }

  function labelsOf(canvas) {
    return {
      volume: canvas.dataset.labelVolume || "Tasks completed",
      onTime: canvas.dataset.labelOnTime || "On-time rate",
      firstTimeRight: canvas.dataset.labelFirstTimeRight || "First-time-right rate",
    };
  }

  function rateLine(label, values, colour, dashed) {
    return {
      type: "line",
      label: label,
      data: values,
      yAxisID: "rate",
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      borderDash: dashed ? [6, 4] : [],
      pointRadius: 3,
      pointStyle: "circle",
      spanGaps: false,
      tension: 0.2,
      order: 1,
    };
  }

  function draw(canvas) {
    var data = readData(canvas);
    if (!data || typeof window.Chart === "undefined") {
      return;
    }
    var names = labelsOf(canvas);
    var datasets = [
      {
        type: "bar",
        label: names.volume,
        data: data.volume,
        yAxisID: "volume",
        backgroundColor: COLOURS.volume,
        borderColor: COLOURS.volumeBorder,
        borderWidth: 1,
        pointStyle: "rect",
        order: 2,
      },
      rateLine(names.onTime, data.on_time_rate, COLOURS.onTime, false),
    ];
    if (data.first_time_right_rate) {
      datasets.push(rateLine(names.firstTimeRight, data.first_time_right_rate, COLOURS.firstTimeRight, true));
    }
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    // The canvas is described by its aria-label and the table beside it.
    new window.Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 400 },
        interaction: { mode: "index", intersect: false },
        locale: lang(),
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true } },
          tooltip: { callbacks: { label: tooltipLabel } },
        },
        scales: {
          volume: {
            type: "linear",
            position: "left",
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: true, text: names.volume },
          },
          rate: {
            type: "linear",
            position: "right",
            min: 0,
            max: 100,
            ticks: { callback: percentTick },
            grid: { drawOnChartArea: false },
            title: { display: true, text: "%" },
          },
        },
      },
    });
  }

  function init() {
    document.querySelectorAll("canvas[data-service-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
