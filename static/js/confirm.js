// Ask before a destructive button is sent: <form data-confirm="Delete this?">.
// Without JavaScript the form is sent at once (each such action says what it did).
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
  });
})();
