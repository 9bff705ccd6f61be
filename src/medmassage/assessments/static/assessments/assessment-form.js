// The assessment form: show the normal range beside a range-of-motion value as soon as a joint
// movement is chosen, suggest a side that fits the movement, and let an added questionnaire be
// removed. Loaded as a file because the Content Security Policy allows no inline script.
(function () {
  "use strict";

  function showNormal(select) {
    var output = document.getElementById(select.getAttribute("data-rom-motion"));
    var option = select.options[select.selectedIndex];
    var normal = option ? option.getAttribute("data-normal") : null;
    if (output) {
      output.textContent = normal === null ? "" : "normal " + normal + "\u00b0";
    }
    var side = document.getElementById(select.id.replace(/-motion$/, "-side"));
    if (!side || !option || normal === null) {
      return;
    }
    var sided = option.getAttribute("data-sided") === "true";
    if (!sided) {
      side.value = "none";
    } else if (side.value === "none") {
      side.value = "left";
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-rom-motion]")) {
      showNormal(event.target);
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-remove-questionnaire]");
    if (button) {
      var questionnaire = button.closest(".questionnaire");
      if (questionnaire) {
        questionnaire.remove();
      }
    }
  });
})();
