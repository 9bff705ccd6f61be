// Consent signatures on a tablet: draw with a finger, stylus or mouse (pointer events) and keep
// the drawing as SVG path data ("M x y L x y …", in a 600 × 200 box) in the form's hidden input.
// Loaded as a file because the Content Security Policy allows no inline script.
(function () {
  "use strict";

  var WIDTH = 600;
  var HEIGHT = 200;

  function round(value) {
    return Math.round(value * 10) / 10;
  }

  function toPath(strokes) {
    return strokes
      .filter(function (stroke) { return stroke.length > 1; })
      .map(function (stroke) {
        return stroke.map(function (p, i) { return (i ? "L" : "M") + p[0] + " " + p[1]; }).join("");
      })
      .join("");
  }

  function fromPath(path) {
    var strokes = [];
    var pattern = /([ML])\s*(-?[\d.]+)[\s,]+(-?[\d.]+)/g;
    var match;
    while ((match = pattern.exec(path || "")) !== null) {
      var p = [parseFloat(match[2]), parseFloat(match[3])];
      if (match[1] === "M" || !strokes.length) {
        strokes.push([p]);
      } else {
        strokes[strokes.length - 1].push(p);
      }
    }
    return strokes;
  }

  function setUpPad(canvas, input, clearButton) {
    var context = canvas.getContext("2d");
    var strokes = input.value.indexOf("data:") === 0 ? [] : fromPath(input.value);
    var current = null;

    function redraw() {
      context.clearRect(0, 0, WIDTH, HEIGHT);
      context.lineWidth = 3;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = getComputedStyle(canvas).color || "#000";
      strokes.forEach(function (stroke) {
        context.beginPath();
        stroke.forEach(function (p, i) { if (i) { context.lineTo(p[0], p[1]); } else { context.moveTo(p[0], p[1]); } });
        context.stroke();
      });
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [
        round(((event.clientX - box.left) * WIDTH) / box.width),
        round(((event.clientY - box.top) * HEIGHT) / box.height),
      ];
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      current = [point(event)];
      strokes.push(current);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!current) { return; }
      event.preventDefault();
      current.push(point(event));
      redraw();
    });
    function finish() {
      if (!current) { return; }
      current = null;
      input.value = toPath(strokes);
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    if (clearButton) {
      clearButton.addEventListener("click", function () {
        strokes = [];
        input.value = "";
        redraw();
      });
    }
    redraw();
  }

  function setUpMethodChoice(form) {
    var radios = form.querySelectorAll('input[name="signature_method"]');
    var sections = form.querySelectorAll("[data-signature-method]");
    function show() {
      var chosen = form.querySelector('input[name="signature_method"]:checked');
      sections.forEach(function (section) {
        section.hidden = !chosen || section.getAttribute("data-signature-method") !== chosen.value;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  }

  function setUp() {
    document.querySelectorAll("form").forEach(function (form) {
      var canvas = form.querySelector("[data-signature-pad]");
      var input = form.querySelector("[data-signature-pad-input]");
      if (!canvas || !input) { return; }
      setUpPad(canvas, input, form.querySelector("[data-signature-clear]"));
      setUpMethodChoice(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
