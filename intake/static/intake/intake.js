// Progressive enhancement of the complaint form: the page works without this file.
(function () {
  "use strict";
  var picker = document.getElementById("compound-picker");
  var otherSide = document.getElementById("id_other_side");
  if (!picker) { return; }

  // Choosing a compound fills in "the other side" with its property company, unless the
  // resident typed someone else.
  var lastCompany = otherSide ? otherSide.value : "";
  function fillOtherSide(radio) {
    if (!otherSide || !radio || radio.name !== "compound" || !radio.dataset) { return; }
    var company = radio.dataset.company || "";
    if (!otherSide.value || otherSide.value === lastCompany) {
      otherSide.value = company;
      lastCompany = company;
    }
  }
  picker.addEventListener("change", function (event) { fillOtherSide(event.target); });
  // A single match arrives already chosen.
  picker.addEventListener("htmx:afterSwap", function () {
    fillOtherSide(picker.querySelector("input[name=compound]:checked"));
  });

  // Enter in the search box searches instead of sending the whole form.
  var search = picker.querySelector("input[name=compound_query]");
  if (search) {
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        if (window.htmx) { window.htmx.trigger(search, "search"); }
      }
    });
  }
})();
