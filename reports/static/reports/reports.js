// The month picker shows the chosen month as soon as it is picked (the Show button does the
// same without JavaScript).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("month-picker");
  if (!form) return;
  const input = form.querySelector("input[name=month]");
  input.addEventListener("change", () => {
    if (input.checkValidity() && input.value) form.requestSubmit();
  });
});
