// Small behaviours shared by every page, as a static file so the content security policy can
// forbid inline scripts.
// <form data-autosubmit>: sends itself when a field changes (filters, selectors).
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.addEventListener("change", function () { form.submit(); });
});
// <form data-confirm="question">: asks before sending.
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });
});
// The phone menu: the button (hidden without JavaScript, when the links simply wrap) opens and
// closes the menu; the stylesheet shows it only on narrow screens.
document.querySelectorAll(".menu-toggle").forEach(function (button) {
  var nav = document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) { return; }
  document.documentElement.classList.add("has-menu-toggle");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("open", open);
  });
});
// The menu link of the page shown is marked as the current one.
document.querySelectorAll(".topbar .nav a").forEach(function (link) {
  var path = new URL(link.href, window.location.href).pathname;
  if (path === window.location.pathname) { link.setAttribute("aria-current", "page"); }
});
// A table wider than the screen scrolls in its own box: the box takes the keyboard focus, so it
// can be scrolled with the arrow keys too.
document.querySelectorAll(".table-wrap").forEach(function (wrap) {
  if (!wrap.hasAttribute("tabindex")) { wrap.setAttribute("tabindex", "0"); }
});
// A wide table whose last columns matter most (the reporting grid's latest month) starts
// scrolled to its end, in the page's direction.
document.querySelectorAll(".table-wrap[data-scroll=end]").forEach(function (wrap) {
  wrap.scrollLeft = getComputedStyle(wrap).direction === "rtl" ? -wrap.scrollWidth : wrap.scrollWidth;
});
