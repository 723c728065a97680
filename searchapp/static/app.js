// Progressive enhancement only: the page works the same without this file.
// - A facet checkbox applies at once (without JavaScript: the Apply button), and the focus
//   comes back to that checkbox on the new page.
// - On a narrow screen the filter panel (open in the HTML) is folded behind its
//   "Filters (n)" summary, so results come first; "Show N results" folds it again.
(function () {
  "use strict";
  var KEY = "searchapp.facet-focus";
  var panel = document.getElementById("filters");
  var form = document.getElementById("filter-form");
  var narrow = window.matchMedia && window.matchMedia("(max-width: 47.99rem)").matches;
  var remembered = null;
  try {
    remembered = window.sessionStorage.getItem(KEY);
    window.sessionStorage.removeItem(KEY);
  } catch (e) { remembered = null; }

  function apply() {
    // The form's URL without its empty fields (an empty date box adds nothing to the search).
    var query = [];
    new FormData(form).forEach(function (value, name) {
      if (value !== "") { query.push(encodeURIComponent(name) + "=" + encodeURIComponent(value)); }
    });
    window.location.assign(form.action + (query.length ? "?" + query.join("&") : ""));
  }

  function restoreFocus() {
    var boxes = form.querySelectorAll('input[type="checkbox"]');
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i].name + "\n" + boxes[i].value === remembered) {
        boxes[i].focus();
        return true;
      }
    }
    return false;
  }

  if (form) {
    var typed = false;
    form.addEventListener("input", function (event) {
      if (event.target.type === "text") { typed = true; }
    });
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox") { return; }
      try { window.sessionStorage.setItem(KEY, box.name + "\n" + box.value); } catch (e) { /* no storage */ }
      apply();
    });
    var show = document.getElementById("show-results");
    if (show && panel) {
      show.addEventListener("click", function (event) {
        if (typed) { return; }               // a typed date still has to be sent
        event.preventDefault();              // the checkboxes applied already: just show them
        panel.open = false;
        var results = document.getElementById("results");
        if (results) { results.focus(); results.scrollIntoView(); }
      });
    }
  }

  var restored = form && remembered && restoreFocus();
  if (panel && narrow && !restored) { panel.open = false; }
}());
