// Progressive enhancement only: the page works the same without this file.
// On a narrow screen, fold the filter panel (open in the HTML) so results come first,
// unless filters are active, in which case the user is working with them.
(function () {
  "use strict";
  var panel = document.getElementById("filters");
  if (!panel || !window.matchMedia) { return; }
  var narrow = window.matchMedia("(max-width: 47.99rem)").matches;
  var active = document.querySelector(".chips");
  if (narrow && !active) { panel.open = false; }
}());
