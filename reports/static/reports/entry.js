// The entry grid from the keyboard: Tab goes figure, comment, next figure; Enter in a figure moves
// to the next row's figure (as in a spreadsheet) instead of sending the form, and on the last row
// to the first button below the grid. After a refused save the first marked row has the focus.
(function () {
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var values = Array.prototype.slice.call(form.querySelectorAll("input.value"));
  values.forEach(function (input, i) {
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) { return; }
      event.preventDefault();
      var next = values[i + 1] || form.querySelector(".actions.foot button");
      if (next) { next.focus(); if (next.select) { next.select(); } }
    });
  });
  var first = form.querySelector("tr.has-error input.value");
  if (first) { first.focus(); first.scrollIntoView({block: "center"}); }
})();
