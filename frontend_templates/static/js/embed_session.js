// An embedded card opened by a single-use launch link: put the card's session address in the
// frame's history instead, so reloading the frame shows the card again (until the session ends)
// rather than the "link has expired" page. The server has already used the launch link up.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-session-url");
  if (url && window.location.pathname !== url && window.history && window.history.replaceState) {
    window.history.replaceState(window.history.state, "", url);
  }
})();
