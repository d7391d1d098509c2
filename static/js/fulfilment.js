// The Shipments tab: the header's checkbox ticks (or clears) every shipment on the page. Delegated,
// so it works on results htmx has just swapped in.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-select-all]")) {
      var table = box.closest("table");
      table.querySelectorAll("[data-select-row]").forEach(function (row) { row.checked = box.checked; });
    } else if (box.matches && box.matches("[data-select-row]")) {
      var all = box.closest("table").querySelector("[data-select-all]");
      var rows = box.closest("table").querySelectorAll("[data-select-row]");
      var ticked = box.closest("table").querySelectorAll("[data-select-row]:checked");
      all.checked = rows.length > 0 && ticked.length === rows.length;
      all.indeterminate = ticked.length > 0 && ticked.length < rows.length;
    }
  });
})();
