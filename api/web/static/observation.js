// The observation form: once an area is chosen, only that area's early learning goals are shown
// (without JavaScript every area's goals are shown, grouped, and the server checks the match).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var area = document.getElementById("area");
  var groups = document.querySelectorAll("fieldset[data-area]");
  if (!area || !groups.length) { return; }
  function show() {
    groups.forEach(function (group) {
      var hide = area.value !== "" && group.getAttribute("data-area") !== area.value;
      group.hidden = hide;
      if (hide) {
        group.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
      }
    });
  }
  area.addEventListener("change", show);
  show();
});
