// Accord's own script: small, no dependencies, loaded with the CSP nonce.
(function () {
  "use strict";

  // Quick exit: blank the page at once, then replace it *and its history entry* with a neutral
  // site, so the Back button does not lead back here.
  function quickExit(url) {
    document.documentElement.style.visibility = "hidden";
    try { window.sessionStorage.clear(); } catch (e) { /* storage may be disabled */ }
    window.location.replace(url);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var control = document.querySelector("[data-quick-exit]");
    if (!control) { return; }
    var url = control.getAttribute("data-quick-exit");
    control.addEventListener("click", function (event) {
      event.preventDefault();
      quickExit(url);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { quickExit(url); }
    });
  });

  // The navigation's disclosure button, for phone widths (the stylesheet hides it elsewhere).
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) { return; }
    toggle.hidden = false;
    toggle.closest(".site-header").classList.add("js-nav");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    });
  });
})();
