// Tables as stacked cards (layout.css): on a phone, and wherever a table is wider than the room
// it has (a chart panel, many columns on a tablet). Each cell is labelled with its column's
// header in data-label, which CSS draws beside the value, and the table keeps explicit table
// roles, which a table displayed as blocks would otherwise lose for screen readers. Runs on the
// page's tables, again on content that HTMX swaps in, and when the window changes size. A cell
// holding its own label (.cell-label, e.g. the assessment form's rows) keeps it.
(function () {
  "use strict";

  var phone = window.matchMedia("(max-width: 599.98px)");
  var each = function (list, action) {
    Array.prototype.forEach.call(list, action);
  };

  function headers(table) {
    var head = table.tHead && table.tHead.rows[0];
    var names = [];
    if (head) {
      each(head.cells, function (cell) {
        cell.setAttribute("role", "columnheader");
        for (var span = 0; span < cell.colSpan; span += 1) {
          names.push(cell.textContent.replace(/\s+/g, " ").trim());
        }
      });
    }
    return names;
  }

  function label(table) {
    var names = headers(table);
    if (!names.length) {
      return false;
    }
    table.setAttribute("role", "table");
    each(table.querySelectorAll(":scope > thead, :scope > tbody"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    each(table.querySelectorAll(":scope > thead > tr, :scope > tbody > tr"), function (row) {
      row.setAttribute("role", "row");
    });
    each(table.tBodies, function (body) {
      each(body.rows, function (row) {
        var column = 0;
        each(row.cells, function (cell) {
          var name = names[column];
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          if (cell.colSpan === 1 && name && !cell.querySelector(".cell-label")) {
            cell.setAttribute("data-label", name);
          }
          column += cell.colSpan;
        });
      });
    });
    if (table.querySelector("tbody select, tbody textarea, tbody input:not([type=hidden])")) {
      table.classList.add("form-table");
    }
    return true;
  }

  // Cards on a phone; elsewhere only when the table, laid out as a table, overflows its box.
  function fit(table) {
    table.classList.remove("cards");
    var room = table.parentElement ? table.parentElement.clientWidth : 0;
    if (phone.matches || (room > 0 && table.offsetWidth > room + 1)) {
      table.classList.add("cards");
    }
  }

  function prepare(root) {
    var inside = root.closest ? root.closest("table") : null;
    var tables = inside ? [inside] : root.querySelectorAll("table");
    each(tables, function (table) {
      if (label(table)) {
        fit(table);
      }
    });
  }

  function refit() {
    each(document.querySelectorAll("table[role=table]"), fit);
  }

  var pending = false;
  prepare(document);
  document.addEventListener("htmx:load", function (event) {
    prepare(event.detail.elt);
  });
  // Stylesheets linked inside a page's content may apply only after this script first ran.
  window.addEventListener("load", refit);
  window.addEventListener("resize", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        refit();
      });
    }
  });
})();
