// Her self-completion page: replace this page's history entry, so that Back and the history
// list show a neutral address rather than her one-time link.
(function () {
  "use strict";
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", "/outcomes/q/done/");
  }
})();
