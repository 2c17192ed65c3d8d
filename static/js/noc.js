// "Use this code" buttons of the job finder fill the NOC field they were asked for (no inline script).
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.use-code");
  if (!button) return;
  var field = document.getElementById(button.dataset.target);
  if (field) { field.value = button.dataset.code; field.focus(); }
});
