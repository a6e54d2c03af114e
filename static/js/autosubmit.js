// Forms marked data-autosubmit send themselves when a field changes (filters, selectors).
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.addEventListener("change", function () { form.submit(); });
});
