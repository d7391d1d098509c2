// The print window's "Print" button (templates/fulfilment/print/base.html): a static script, no
// inline handler, so a Content-Security-Policy without 'unsafe-inline' allows it.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (!button) return;
    event.preventDefault();
    window.print();
  });
})();
