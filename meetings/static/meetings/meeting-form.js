// The meeting form: "every center head" ticks or unticks the heads' boxes among the attendees at
// once, and shows itself ticked exactly when every head's box is. Without JavaScript the switch
// still works when the form is saved (meetings.forms.MeetingForm.clean).
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
