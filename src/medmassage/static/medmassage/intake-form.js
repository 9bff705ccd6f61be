// MedMassage intake form: the body map, complaint and history rows, medication chips, pain
// sliders. Everything here is an enhancement: without JavaScript the form works through its
// selects and "Add" buttons, which submit the form to bring it up to date without saving.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var form = document.getElementById("intake-form");
  if (!form) {
    return;
  }
  var complaintList = document.getElementById("complaint-rows");

  // --- Rows ---------------------------------------------------------------------------------

  function cloneRow(group) {
    var template = form.querySelector('template[data-row-template="' + group + '"]');
    var container = form.querySelector('[data-rows="' + group + '"]');
    var index = Number(container.dataset.nextIndex);
    container.dataset.nextIndex = String(index + 1);
    var row = template.content.firstElementChild.cloneNode(true);
    var named = [row].concat(Array.prototype.slice.call(row.querySelectorAll("*")));
    named.forEach(function (element) {
      ["name", "id", "for", "value", "data-row"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value && value.indexOf("__index__") !== -1) {
          element.setAttribute(attribute, value.split("__index__").join(String(index)));
        }
      });
    });
    container.appendChild(row);
    return row;
  }

  function field(row, name) {
    return row.querySelector('[data-row-field="' + name + '"]');
  }

  // --- Complaints and the body map ----------------------------------------------------------

  function complaintRows() {
    return Array.prototype.slice.call(form.querySelectorAll("[data-complaint-row]"));
  }

  function placeOf(row) {
    return { region: field(row, "region").value, side: field(row, "side").value };
  }

  function placeLabel(row) {
    var select = field(row, "region");
    var region = select.options[select.selectedIndex].text;
    var side = field(row, "side").value;
    if (!select.value) {
      return "Whole body";
    }
    return side === "both" ? region : side.charAt(0).toUpperCase() + side.slice(1) + " " + region.toLowerCase();
  }

  function refreshMap() {
    var places = complaintRows().map(placeOf).filter(function (place) {
      return place.region;
    });
    form.querySelectorAll(".bm-region").forEach(function (shape) {
      var region = shape.dataset.region;
      var side = shape.dataset.side;
      var chosen = places.some(function (place) {
        return place.region === region && (place.side === side || place.side === "both" || side === "both");
      });
      shape.classList.toggle("bm-chosen", chosen);
      shape.setAttribute("aria-pressed", chosen ? "true" : "false");
    });
  }

  function complaintsChanged() {
    refreshMap();
    // The red-flag questions listen for this (hx-trigger) and reload for the new regions.
    document.body.dispatchEvent(new CustomEvent("complaints-changed", { bubbles: true }));
  }

  function focusRow(row) {
    row.scrollIntoView({ behavior: "smooth", block: "center" });
    var pain = field(row, "pain");
    if (pain) {
      pain.focus({ preventScroll: true });
    }
  }

  function addComplaint(region, side) {
    var existing = complaintRows().filter(function (row) {
      var place = placeOf(row);
      return place.region === region && place.side === side;
    })[0];
    if (existing) {
      focusRow(existing);
      return;
    }
    var row = cloneRow("complaints");
    field(row, "region").value = region;
    field(row, "side").value = side;
    row.querySelector("[data-complaint-label]").textContent = placeLabel(row);
    complaintsChanged();
    focusRow(row);
  }

  // --- Medications --------------------------------------------------------------------------

  var search = document.getElementById("medication-search");
  var suggestions = document.getElementById("medication-suggestions");
  var chips = document.getElementById("medication-chips");

  function hasChip(token) {
    return Array.prototype.some.call(chips.querySelectorAll('input[name="medications"]'), function (input) {
      return input.value.toLowerCase() === token.toLowerCase();
    });
  }

  function addChip(button) {
    var token = button.dataset.medicationToken;
    if (!hasChip(token)) {
      var chip = document.getElementById("medication-chip-template").content.firstElementChild.cloneNode(true);
      chip.dataset.medicationChip = token;
      chip.querySelector('input[name="medications"]').value = token;
      chip.querySelector('input[name="medications.long_term"]').value = token;
      chip.querySelector("[data-chip-label]").textContent = button.dataset.medicationLabel;
      chip.querySelector("[data-chip-classes]").textContent =
        button.dataset.medicationClasses || "not in the knowledge base";
      var remove = chip.querySelector("[data-remove-chip]");
      remove.value = "medication:" + token;
      remove.setAttribute("aria-label", "Remove " + button.dataset.medicationLabel);
      chips.appendChild(chip);
    }
    search.value = "";
    suggestions.replaceChildren();
    search.focus();
  }

  // --- Red-flag groups: "None of these" answers no to the group and folds it away; any
  // other answer in the group (yes, unknown) unticks it and opens the group again. ------------

  function foldGroups() {
    form.querySelectorAll("[data-red-flag-none]").forEach(function (box) {
      box.closest(".question-group").classList.toggle("group-none", box.checked);
    });
  }

  function noneChanged(box) {
    var group = box.closest(".question-group");
    if (box.checked) {
      // A yes (or unknown) already given wins: the group stays open with it.
      if (group.querySelector('[data-red-flag-answer]:checked:not([value="no"])')) {
        box.checked = false;
      } else {
        group.querySelectorAll('[data-red-flag-answer][value="no"]').forEach(function (radio) {
          radio.checked = true;
        });
      }
    }
    group.classList.toggle("group-none", box.checked);
  }

  function answerChanged(radio) {
    var group = radio.closest(".question-group");
    var box = group && group.querySelector("[data-red-flag-none]");
    if (box && radio.checked && radio.value !== "no") {
      box.checked = false;
      group.classList.remove("group-none");
    }
    radio.closest(".question").classList.toggle("answered-yes", radio.checked && radio.value === "yes");
  }

  document.body.addEventListener("htmx:afterSwap", foldGroups);

  // --- Stepper: one section at a time, the body map first; "Show all sections" lays the whole
  // form out as it is without JavaScript. A section with an error opens first. ---------------

  var sections = Array.prototype.slice.call(form.querySelectorAll(".intake-section[data-step]"));
  var stepButtons = Array.prototype.slice.call(form.querySelectorAll("[data-step-to]"));
  var current = 0;
  var showingAll = false;

  function showStep(index, focus) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach(function (section, at) {
      section.hidden = !showingAll && at !== current;
    });
    stepButtons.forEach(function (button, at) {
      if (at === current && !showingAll) {
        button.setAttribute("aria-current", "step");
      } else {
        button.removeAttribute("aria-current");
      }
    });
    document.getElementById("step-back").hidden = showingAll || current === 0;
    document.getElementById("step-next").hidden = showingAll || current === sections.length - 1;
    if (focus) {
      var heading = sections[current].querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      sections[current].scrollIntoView({ block: "start" });
    }
  }

  function firstStepWithError() {
    for (var at = 0; at < sections.length; at += 1) {
      if (sections[at].querySelector('[aria-invalid="true"], .field-error')) {
        return at;
      }
    }
    return 0;
  }

  form.addEventListener("click", function (event) {
    var to = event.target.closest("[data-step-to]");
    var move = event.target.closest("[data-step-move]");
    if (to) {
      showingAll = false;
      showStep(Number(to.dataset.stepTo), true);
    } else if (move) {
      showStep(current + Number(move.dataset.stepMove), true);
    } else if (event.target.closest("#intake-show-all")) {
      showingAll = true;
      form.classList.add("showing-all");
      showStep(current, false);
    }
  });

  showStep(firstStepWithError(), false);

  // --- Events -------------------------------------------------------------------------------

  form.addEventListener("click", function (event) {
    var target = event.target;
    var shape = target.closest(".bm-region");
    if (shape) {
      addComplaint(shape.dataset.region, shape.dataset.side);
      return;
    }
    var removeRow = target.closest("[data-remove-row]");
    if (removeRow) {
      event.preventDefault();
      removeRow.closest("[data-row]").remove();
      complaintsChanged();
      return;
    }
    var removeChip = target.closest("[data-remove-chip]");
    if (removeChip) {
      event.preventDefault();
      removeChip.closest("[data-medication-chip]").remove();
      return;
    }
    var addRow = target.closest("[data-add-row]");
    if (addRow) {
      event.preventDefault();
      cloneRow(addRow.dataset.addRow);
      return;
    }
    var suggestion = target.closest("[data-medication-token]");
    if (suggestion) {
      event.preventDefault();
      addChip(suggestion);
    }
  });

  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.matches && target.matches(".bm-region") && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      addComplaint(target.dataset.region, target.dataset.side);
    } else if (target === search && event.key === "Enter") {
      event.preventDefault();
      // Enter takes a suggestion the knowledge base knows, never the half-typed word itself.
      var first = suggestions.querySelector("[data-medication-token]");
      if (first && first.dataset.medicationClasses) {
        addChip(first);
      }
    } else if (event.key === "Enter" && target.matches("input:not([type=submit]):not([type=button]):not([type=checkbox]):not([type=radio])")) {
      // Enter in a text field never sends the form (nothing typed is lost to a reload).
      event.preventDefault();
    }
  });

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-red-flag-none]")) {
      noneChanged(target);
      return;
    }
    if (target.matches("[data-red-flag-answer]")) {
      answerChanged(target);
      return;
    }
    var row = target.closest("[data-complaint-row]");
    if (row && target.matches('[data-row-field="region"], [data-row-field="side"], [data-row-field="icd10"]')) {
      var label = row.querySelector("[data-complaint-label]");
      if (label && row.parentElement === complaintList) {
        label.textContent = placeLabel(row);
      }
      complaintsChanged();
    }
  });

  form.addEventListener("input", function (event) {
    var target = event.target;
    var row = target.closest("[data-complaint-row]");
    if (!row) {
      return;
    }
    if (target.matches("[data-pain-slider]")) {
      field(row, "pain").value = target.value;
    } else if (target.matches('[data-row-field="pain"]') && target.value !== "") {
      row.querySelector("[data-pain-slider]").value = target.value;
    }
  });

  refreshMap();
  foldGroups();
})();
