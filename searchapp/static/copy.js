// Progressive enhancement: a "Copy" button beside each citation. Without this file the
// citation is still there in full, and can be selected and copied by hand.
(function () {
  "use strict";
  if (!navigator.clipboard || !navigator.clipboard.writeText) { return; }
  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var status = document.createElement("span");
    status.className = "citation__copied";
    status.setAttribute("role", "status");
    button.insertAdjacentElement("afterend", status);
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.value !== undefined ? source.value : source.textContent;
      navigator.clipboard.writeText(text.trim()).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        status.textContent = "";
      });
    });
  });
}());
