// Import pages: a real progress bar while a large file uploads, and an "importing" bar
// while the confirmed rows are added. Without JavaScript the forms post as usual.
(function () {
  function show(form) {
    var box = form.querySelector(".upload-progress");
    if (box) box.hidden = false;
    return box;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-import-confirm]")) {
      show(form);
      var button = form.querySelector("button[type=submit]");
      // Disabled after the submit is under way, so the click still sends the form once.
      if (button) window.setTimeout(function () { button.disabled = true; }, 0);
      return;
    }
    if (!form.matches("form[data-upload-progress]") || !window.FormData) return;
    var file = form.querySelector("input[type=file]");
    if (!file || !file.files || !file.files.length) return;
    event.preventDefault();
    var box = show(form);
    var bar = box && box.querySelector("progress");
    var label = box && box.querySelector("span");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable && bar) {
        bar.value = Math.round((e.loaded / e.total) * 100);
        if (label) label.textContent = "Uploading… " + bar.value + "%";
      }
    });
    xhr.addEventListener("load", function () {
      if (label) label.textContent = "Checking the rows…";
      if (xhr.status === 200 && xhr.responseURL && xhr.responseURL !== form.action) {
        window.location.assign(xhr.responseURL);
        return;
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () { form.submit(); });
    xhr.send(new FormData(form));
  });
})();
