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
