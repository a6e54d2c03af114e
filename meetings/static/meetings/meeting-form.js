// The meeting form: the agenda's box grows to show the whole agenda, on a phone too, where its
// long lines wrap (without JavaScript it has as many rows as the draft has lines).
(function () {
  var agenda = document.getElementById("id_agenda");
  if (!agenda) { return; }
  function fit() {
    agenda.style.height = "auto";
    agenda.style.height = (agenda.scrollHeight + agenda.offsetHeight - agenda.clientHeight) + "px";
  }
  agenda.addEventListener("input", fit);
  window.addEventListener("resize", fit);
  fit();
})();
// "Every center head" ticks or unticks the heads' boxes among the attendees at once, and shows
// itself ticked exactly when every head's box is. Without JavaScript the switch still works when
// the form is saved (meetings.forms.MeetingForm.clean).
(function () {
  var all = document.getElementById("id_all_heads");
  if (!all) { return; }
  var heads = Array.prototype.slice.call(document.querySelectorAll("input[name=attendees][data-head]"));
  all.addEventListener("change", function () {
    heads.forEach(function (box) { box.checked = all.checked; });
  });
  heads.forEach(function (box) {
    box.addEventListener("change", function () {
      all.checked = heads.every(function (b) { return b.checked; });
    });
  });
})();
