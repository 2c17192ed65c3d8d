/* The site's own script, served from here like htmx: the Content-Security-Policy allows no inline
   script or event-handler attributes. */
"use strict";

/* A NOC suggestion (templates/screening/noc_results.html) fills the code field it was asked for. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-noc-code]");
  if (!button) {
    return;
  }
  var field = document.getElementById(button.getAttribute("data-noc-target"));
  if (field) {
    field.value = button.getAttribute("data-noc-code");
    field.focus();
  }
});
