/* The site's own script, served from here like htmx: the Content-Security-Policy allows no inline
   script or event-handler attributes. Every page works without it. */
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

/* Follow-up questions: an element with data-when="<input name>" and data-when-value="<value>" hides
   once another answer is chosen ("If yes" parts hide after "No"; while nothing is chosen they show).
   Without this script they all show, and the server ignores a follow-up whose answer says it does
   not apply. */
function chosenValue(form, name) {
  var inputs = form.querySelectorAll("[name='" + name + "']");
  for (var i = 0; i < inputs.length; i++) {
    var input = inputs[i];
    if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
      return input.value;
    }
  }
  return "";
}

function updateFollowUps(form) {
  var dependants = form.querySelectorAll("[data-when]");
  for (var i = 0; i < dependants.length; i++) {
    var element = dependants[i];
    var chosen = chosenValue(form, element.getAttribute("data-when"));
    element.hidden = chosen !== "" && chosen !== element.getAttribute("data-when-value");
  }
}

document.addEventListener("change", function (event) {
  if (event.target.form) {
    updateFollowUps(event.target.form);
  }
});

document.addEventListener("DOMContentLoaded", function () {
  var forms = document.querySelectorAll("form");
  for (var i = 0; i < forms.length; i++) {
    updateFollowUps(forms[i]);
  }
  /* After a refused answer, focus goes to the summary of what to correct (it is announced, and
     each of its links leads to the field). */
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
