// Live character count for fields with a limit: <p data-counter="<field id>" data-max="N">.
// Without JavaScript the field's hint says the limit.
(function () {
  document.querySelectorAll("[data-counter]").forEach(function (out) {
    var box = document.getElementById(out.dataset.counter), max = +out.dataset.max;
    if (!box) return;
    function update() { out.textContent = box.value.length + " of " + max + " characters"; }
    out.hidden = false;
    update();
    box.addEventListener("input", update);
  });
})();
