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

  // A background poll (data-poll) that fails says nothing: the CSR did not ask for it.
  function fromPoll(event) {
    return event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("[data-poll]");
  }

  document.addEventListener("htmx:responseError", function (event) {
    if (fromPoll(event)) return;
    var status = event.detail.xhr.status;
    if (status === 403) {
      showError("You do not have access to do that. Reload the page or log in again.");
    } else {
      showError("Something went wrong (error " + status + "). Your change may not have been saved; reload the page and try again.");
    }
  });

  // After an edit is swapped in, put the keyboard where the CSR is working: on the field that
  // was refused, or else back on the region that changed.
  document.addEventListener("htmx:afterSettle", function (event) {
    var region = event.detail.target;
    // An outerHTML swap replaced the target: look in the element that took its place.
    if (region && !region.isConnected && region.id) region = document.getElementById(region.id);
    if (!region || !region.querySelector) return;
    var refused = region.querySelector("[aria-invalid='true'], [data-focus]");
    if (refused) {
      refused.focus();
    } else if (region.id === "tab-content" && event.detail.requestConfig && event.detail.requestConfig.verb === "post") {
      region.focus();
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    if (fromPoll(event)) return;
    showError("The portal could not be reached. Check your connection and try again.");
  });
})();
