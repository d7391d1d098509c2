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
  // was refused; else back on the field they were in (a quantity saved with Enter); else on the
  // region that changed. Done as the new content is swapped in (not after settling), so there is
  // no moment when the error shows and focus is nowhere.
  var focusedBeforeRequest = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focusedBeforeRequest = active && active.id && active.matches("input, select, textarea") ? active.id : null;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var region = event.detail.target;
    // An outerHTML swap replaced the target: look in the element that took its place.
    if (region && !region.isConnected && region.id) region = document.getElementById(region.id);
    if (!region || !region.querySelector) return;
    var verb = event.detail.requestConfig && event.detail.requestConfig.verb;
    var refused = region.querySelector("[aria-invalid='true'], [data-focus]");
    var before = focusedBeforeRequest && document.getElementById(focusedBeforeRequest);
    if (refused) {
      refused.focus();
    } else if (verb === "post" && before && region.contains(before)) {
      before.focus();
    } else if (region.id === "tab-content" && verb === "post") {
      region.focus();
    }
  });

  // Filter and tool dropdowns (<details> menus) behave like menus: opening one closes the others,
  // and a click outside or Escape closes them, so an open panel never lies over the next control
  // the CSR reaches for. Without JavaScript they are plain disclosure widgets.
  var MENU = "details.dropdown, details.filter-multi";

  function closeMenus(except) {
    document.querySelectorAll(MENU).forEach(function (menu) {
      if (menu.open && menu !== except && !menu.contains(except)) menu.removeAttribute("open");
    });
  }

  // toggle does not bubble; listening in the capture phase sees every menu's.
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu.matches && menu.matches(MENU) && menu.open) closeMenus(menu);
  }, true);

  document.addEventListener("click", function (event) {
    if (!event.target.closest(MENU)) closeMenus(null);
  });

  document.addEventListener("keydown", function (event) {
    var menu = event.key === "Escape" && event.target.closest && event.target.closest(MENU);
    if (!menu || !menu.open) return;
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  });

  document.addEventListener("htmx:sendError", function (event) {
    if (fromPoll(event)) return;
    showError("The portal could not be reached. Check your connection and try again.");
  });
})();

// The search box's drop-down (templates/base.html, filled by htmx as the CSR types): ArrowDown
// walks into the matches and back up; Escape, a click elsewhere or Tab out of it closes it. Enter sends the form
// (csrportal.views.search opens an exact number or email at once).
(function () {
  "use strict";

  function box() { return document.getElementById("quick-search"); }
  function dropdown() { return document.getElementById("quick-search-results"); }

  function closeDropdown() {
    var region = dropdown();
    if (region) region.innerHTML = "";
  }

  document.addEventListener("keydown", function (event) {
    var input = box(), region = dropdown();
    if (!input || !region) return;
    var inBox = event.target === input, inDropdown = region.contains(event.target);
    if (!inBox && !inDropdown) return;
    var links = Array.prototype.slice.call(region.querySelectorAll("a"));
    if (event.key === "Escape") {
      if (!region.innerHTML.trim()) return;
      closeDropdown();
      input.focus();
      event.preventDefault();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) return;
      var at = links.indexOf(event.target);
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus();
      else links[Math.min(next, links.length - 1)].focus();
      event.preventDefault();
    }
  });

  // A click elsewhere, or Tab past the last match, closes the matches: they would lie over the page.
  function closeUnlessInside(event) {
    var input = box();
    if (input && !input.form.contains(event.target)) closeDropdown();
  }
  document.addEventListener("click", closeUnlessInside);
  document.addEventListener("focusin", closeUnlessInside);
})();

// Keyboard shortcuts, listed in the "Keyboard shortcuts" dialog (templates/base.html), which also
// holds each "g" shortcut's address: g o, g c, g s, g u go to a tab; / goes to the search box; ?
// shows the list. None fires while the CSR types in a field.
(function () {
  "use strict";

  var GO_WINDOW_MS = 1500; // how long after "g" its second key counts
  var pendingGo = 0;

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
  }

  function openShortcuts() {
    var dialog = document.getElementById("shortcuts");
    if (!dialog || dialog.open) return;
    dialog.showModal();
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-shortcuts-open]")) openShortcuts();
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target)) return;
    var key = event.key;
    if (pendingGo && Date.now() - pendingGo < GO_WINDOW_MS) {
      pendingGo = 0;
      var target = document.querySelector("#shortcuts [data-shortcut='" + (key.length === 1 ? key.toLowerCase() : "") + "']");
      if (target) {
        event.preventDefault();
        window.location.assign(target.getAttribute("data-url"));
        return;
      }
    }
    pendingGo = 0;
    if (key === "g" || key === "G") {
      if (document.getElementById("shortcuts")) pendingGo = Date.now();
    } else if (key === "/") {
      var input = document.getElementById("quick-search");
      if (!input) return;
      event.preventDefault();
      var dialog = document.getElementById("shortcuts");
      if (dialog && dialog.open) dialog.close();
      input.focus();
      input.select();
    } else if (key === "?") {
      if (!document.getElementById("shortcuts")) return;
      event.preventDefault();
      openShortcuts();
    }
  });
})();
