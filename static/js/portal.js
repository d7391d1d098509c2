// The portal works without JavaScript; this only makes failed HTMX requests visible.
// htmx does not swap error responses, so without this a click that fails would look ignored.
(function () {
  "use strict";

  function showError(text) {
    var region = document.getElementById("messages");
    if (!region) return;
    var message = document.createElement("p");
    message.className = "message message-error";
    message.textContent = text;
    region.appendChild(message);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 403) {
      showError("You do not have access to do that. Reload the page or log in again.");
    } else {
      showError("Something went wrong (error " + status + "). Your change may not have been saved; reload the page and try again.");
    }
  });

  document.addEventListener("htmx:sendError", function () {
    showError("The portal could not be reached. Check your connection and try again.");
  });
})();
